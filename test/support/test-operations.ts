import { Injectable, Module } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { ConflictError, throwIfCancelled } from '../../src/common/errors.js';
import {
  type OperationContext,
  type OperationHandler,
  OperationHandlerFor,
  type PrecheckContext,
} from '../../src/operations/operation-handler.js';
import { BooleanField, IntField, StringField, TypeField } from '../../src/operations/request-fields.js';
import { TestGlobalModule } from './test-global-operation.js';

/*
 * Operation types that exist only in tests, to exercise the engine before real operations exist.
 * They are registered through startServer's `extraModules`, never by the shipped CLI.
 */

export class TestSleepRequest {
  @TypeField('test-sleep') type = 'test-sleep';
  @IntField('number of steps', { default: 5, min: 1 }) steps = 5;
  @IntField('milliseconds per step', { default: 100, min: 0 }) stepMs = 100;
  @BooleanField('fail after the last step') fail = false;
  @BooleanField('refuse with 409 while another test-sleep with the same lock runs') exclusive = false;
  @StringField('free text echoed back') note?: string;
}

/** What a test-sleep reports once done. */
export class TestSleepResult {
  @ApiPropertyOptional({ type: 'integer', description: 'the step a resumed run started from' }) resumedFromStep?: number;
  @ApiPropertyOptional({ type: 'integer' }) stepsDone?: number;
}

/** Operations running in this process: a second run of one of them at once is an engine bug the tests must see. */
const runningHere = new Set<string>();

/** Sleeps step by step, reporting progress and checkpointing each step; resumes after a restart. */
async function sleepSteps(context: OperationContext<TestSleepRequest>): Promise<Record<string, unknown>> {
  if (runningHere.has(context.id)) throw new Error(`operation ${context.id} is already running in this process: two runs at once`);
  runningHere.add(context.id);
  try {
    return await sleepStepsOnce(context);
  } finally {
    runningHere.delete(context.id);
  }
}

async function sleepStepsOnce(context: OperationContext<TestSleepRequest>): Promise<Record<string, unknown>> {
  const { steps, stepMs, fail } = context.request;
  const done = context.restore<number>('step') ?? 0;
  for (let step = done; step < steps; step++) {
    await sleep(stepMs, context.signal);
    await context.checkpoint('step', step + 1);
    await context.progress((step + 1) / steps);
  }
  if (fail) throw new Error('test-sleep was asked to fail');
  return { resumedFromStep: context.resumed ? done : undefined, stepsDone: steps };
}

function precheck(type: string) {
  return async (request: TestSleepRequest, context: PrecheckContext): Promise<void> => {
    if (request.exclusive && context.active.some((o) => o.type === type && o.request.exclusive === true)) {
      throw new ConflictError(`another exclusive ${type} operation is running`);
    }
  };
}

@OperationHandlerFor({ type: 'test-sleep', request: TestSleepRequest, result: TestSleepResult, resumable: true, role: 'operate' })
@Injectable()
export class TestSleepHandler implements OperationHandler<TestSleepRequest> {
  precheck = precheck('test-sleep');
  run = sleepSteps;
}

export class TestSleepOnceRequest extends TestSleepRequest {
  @TypeField('test-sleep-once') override type = 'test-sleep-once';
}

@OperationHandlerFor({ type: 'test-sleep-once', request: TestSleepOnceRequest, result: TestSleepResult, resumable: false, role: 'operate' })
@Injectable()
export class TestSleepOnceHandler implements OperationHandler<TestSleepRequest> {
  precheck = precheck('test-sleep-once');
  run = sleepSteps;
}

@Module({ imports: [TestGlobalModule], providers: [TestSleepHandler, TestSleepOnceHandler] })
export class TestOperationsModule {}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  throwIfCancelled(signal);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
