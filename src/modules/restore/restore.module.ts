import { Module } from '@nestjs/common';
import { RestoreHandler } from './restore.handler.js';
import { GlobalRestore } from './restore.global.js';

@Module({ providers: [RestoreHandler, GlobalRestore] })
export class RestoreModule {}
