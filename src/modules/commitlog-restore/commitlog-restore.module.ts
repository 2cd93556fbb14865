import { Module } from '@nestjs/common';
import { CommitlogRestoreHandler } from './commitlog-restore.handler.js';

@Module({ providers: [CommitlogRestoreHandler] })
export class CommitlogRestoreModule {}
