import type { Type } from '@nestjs/common';
import { BackupModule } from './backup/backup.module.js';
import { CleanupModule } from './cleanup/cleanup.module.js';
import { CommitlogBackupModule } from './commitlog-backup/commitlog-backup.module.js';
import { CommitlogRestoreModule } from './commitlog-restore/commitlog-restore.module.js';
import { DecommissionModule } from './decommission/decommission.module.js';
import { DrainModule } from './drain/drain.module.js';
import { DrillModule } from './drill/drill.module.js';
import { FlushModule } from './flush/flush.module.js';
import { ImportModule } from './import/import.module.js';
import { ListModule } from './list/list.module.js';
import { RebuildModule } from './rebuild/rebuild.module.js';
import { RefreshModule } from './refresh/refresh.module.js';
import { RemoveBackupModule } from './remove-backup/remove-backup.module.js';
import { RestoreModule } from './restore/restore.module.js';
import { ScrubModule } from './scrub/scrub.module.js';
import { StopModule } from './stop/stop.module.js';
import { TruncateModule } from './truncate/truncate.module.js';
import { UpgradeSSTablesModule } from './upgradesstables/upgradesstables.module.js';

/**
 * The one list of operation modules. Adding an operation type = one folder under src/modules and
 * one line here.
 */
export const OPERATION_MODULES: Type[] = [
  BackupModule,
  CleanupModule,
  CommitlogBackupModule,
  CommitlogRestoreModule,
  DecommissionModule,
  DrainModule,
  DrillModule,
  FlushModule,
  ImportModule,
  ListModule,
  RebuildModule,
  RefreshModule,
  RemoveBackupModule,
  RestoreModule,
  ScrubModule,
  StopModule,
  TruncateModule,
  UpgradeSSTablesModule,
];
