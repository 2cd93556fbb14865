import { Module } from '@nestjs/common';
import { DrainHandler } from './drain.handler.js';

@Module({ providers: [DrainHandler] })
export class DrainModule {}
