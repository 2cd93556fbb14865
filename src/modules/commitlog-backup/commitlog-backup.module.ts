import { Module } from '@nestjs/common';
import { CommitlogBackupHandler } from './commitlog-backup.handler.js';

@Module({ providers: [CommitlogBackupHandler] })
export class CommitlogBackupModule {}
