import { Module } from '@nestjs/common';
import { DecommissionHandler } from './decommission.handler.js';

@Module({ providers: [DecommissionHandler] })
export class DecommissionModule {}
