import { Module } from '@nestjs/common';
import { FlushHandler } from './flush.handler.js';

@Module({ providers: [FlushHandler] })
export class FlushModule {}
