import { Module } from '@nestjs/common';
import { TruncateHandler } from './truncate.handler.js';

@Module({ providers: [TruncateHandler] })
export class TruncateModule {}
