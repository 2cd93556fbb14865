import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ValidationError } from '../common/errors.js';
import type { OperationJson } from './operation-job.js';
import { OperationState } from './operation-state.js';
import { OperationsService } from './operations.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Icarus' /operations resource (§1.2). */
@ApiTags('operations')
@Controller('operations')
export class OperationsController {
  constructor(@Inject(OperationsService) private readonly operations: OperationsService) {}

  @Post()
  @ApiOperation({ summary: 'Submit an operation; the body is one of the request types, chosen by `type`' })
  @ApiResponse({ status: 201, description: 'operation accepted; Location points at it' })
  @ApiResponse({ status: 400, description: 'bad request: body, type or a field is invalid (fields named in `errors`)' })
  @ApiResponse({ status: 409, description: 'conflicts with what the node or sidecar is doing now' })
  async submit(@Body() body: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<OperationJson> {
    const operation = await this.operations.submit(body);
    res.status(201).location(`${req.protocol}://${req.get('host')}/operations/${operation.id as string}`);
    return operation;
  }

  @Get()
  @ApiOperation({ summary: 'List operations, newest first' })
  @ApiQuery({ name: 'type', required: false, isArray: true, type: String, description: 'repeatable; exact type ids' })
  @ApiQuery({ name: 'state', required: false, isArray: true, enum: OperationState, description: 'repeatable; upper-case state names' })
  @ApiOkResponse({ description: 'operations, newest first' })
  list(@Query('type') type?: string | string[], @Query('state') state?: string | string[]): Promise<OperationJson[]> {
    return this.operations.list({ types: asArray(type), states: asArray(state) });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One operation' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 404, description: 'no such operation (or it expired)' })
  get(@Param('id') id: string): Promise<OperationJson> {
    return this.operations.get(checkId(id));
  }

  @Delete(':id')
  @HttpCode(202)
  @ApiOperation({ summary: 'Cancel an operation: a running one is aborted and ends CANCELLED' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 202, description: 'cancellation requested' })
  @ApiResponse({ status: 404, description: 'no such operation' })
  async cancel(@Param('id') id: string): Promise<void> {
    await this.operations.cancel(checkId(id));
  }
}

function asArray(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value];
}

function checkId(id: string): string {
  if (!UUID.test(id)) throw ValidationError.forField('id', `'${id}' is not an operation id (a UUID)`);
  return id.toLowerCase();
}
