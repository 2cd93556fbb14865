import { Module } from '@nestjs/common';
import { ScrubHandler } from './scrub.handler.js';

@Module({ providers: [ScrubHandler] })
export class ScrubModule {}
