import { Module } from '@nestjs/common';
import { RefreshHandler } from './refresh.handler.js';

@Module({ providers: [RefreshHandler] })
export class RefreshModule {}
