import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Injectable, Module } from '@nestjs/common';
import { OPERATION_MODULES } from '../../modules/index.js';
import { OperationHandlerFor } from '../../operations/operation-handler.js';
import { modulesProviding } from './operation-modules.js';

class NoRequest {}

@OperationHandlerFor({ type: 'test-inner', request: NoRequest, resumable: false, role: 'operate' })
@Injectable()
class InnerHandler {
  async run(): Promise<void> {}
}

@Module({ providers: [{ provide: InnerHandler, useClass: InnerHandler }] })
class InnerModule {}

@Module({ imports: [{ module: InnerModule }] })
class OuterModule {}

@Module({})
class EmptyModule {}

describe('operation modules of a type', () => {
  it('picks the module holding the handler, also through imports', () => {
    assert.deepEqual(modulesProviding('test-inner', [EmptyModule, OuterModule]), [OuterModule]);
    assert.deepEqual(modulesProviding('nothing', [EmptyModule, OuterModule]), []);
  });

  it('finds the shipped modules, so a command never boots the Redis-bound stop handler', () => {
    assert.deepEqual(modulesProviding('flush', OPERATION_MODULES).map((m) => m.name), ['FlushModule']);
    assert.ok(!modulesProviding('backup', OPERATION_MODULES).some((m) => m.name === 'StopModule'));
  });
});
