import { Module } from '@nestjs/common';
import { CleanupHandler } from './cleanup.handler.js';

@Module({ providers: [CleanupHandler] })
export class CleanupModule {}
