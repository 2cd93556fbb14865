import { Module } from '@nestjs/common';
import { RemoveBackupHandler } from './remove-backup.handler.js';

@Module({ providers: [RemoveBackupHandler] })
export class RemoveBackupModule {}
