import { Module } from '@nestjs/common';
import { ListHandler } from './list.handler.js';

@Module({ providers: [ListHandler] })
export class ListModule {}
