import { Module } from '@nestjs/common';
import { StopHandler } from './stop.handler.js';

@Module({ providers: [StopHandler] })
export class StopModule {}
