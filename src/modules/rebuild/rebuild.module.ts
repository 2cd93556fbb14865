import { Module } from '@nestjs/common';
import { RebuildHandler } from './rebuild.handler.js';

@Module({ providers: [RebuildHandler] })
export class RebuildModule {}
