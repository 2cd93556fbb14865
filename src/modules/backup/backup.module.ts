import { Module } from '@nestjs/common';
import { BackupHandler } from './backup.handler.js';
import { InFlightUploads } from './in-flight-uploads.js';
import { SnapshotSweeper } from './snapshot-sweeper.js';

@Module({ providers: [BackupHandler, InFlightUploads, SnapshotSweeper] })
export class BackupModule {}
