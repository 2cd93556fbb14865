import { Module } from '@nestjs/common';
import { GlobalBackup } from './backup.global.js';
import { BackupHandler } from './backup.handler.js';
import { InFlightUploads } from './in-flight-uploads.js';
import { SnapshotSweeper } from './snapshot-sweeper.js';

@Module({ providers: [BackupHandler, GlobalBackup, InFlightUploads, SnapshotSweeper] })
export class BackupModule {}
