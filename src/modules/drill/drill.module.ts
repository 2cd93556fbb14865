import { Module } from '@nestjs/common';
import { GlobalDrill } from './drill.global.js';
import { DrillHandler } from './drill.handler.js';
import { NodeDrill } from './node-drill.js';

@Module({ providers: [DrillHandler, NodeDrill, GlobalDrill] })
export class DrillModule {}
