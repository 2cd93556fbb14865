import { Module } from '@nestjs/common';
import { UpgradeSSTablesHandler } from './upgradesstables.handler.js';

@Module({ providers: [UpgradeSSTablesHandler] })
export class UpgradeSSTablesModule {}
