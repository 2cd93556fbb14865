import { Module } from '@nestjs/common';
import { RestoreHandler } from './restore.handler.js';

@Module({ providers: [RestoreHandler] })
export class RestoreModule {}
