import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ValidationError } from '../common/errors.js';
import { parseListQuery } from './list-query.js';
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
  @ApiOperation({ summary: 'List operations, newest first (all of them unless limit/offset/since narrow it)' })
  @ApiQuery({ name: 'type', required: false, isArray: true, type: String, description: 'repeatable; exact type ids' })
  @ApiQuery({ name: 'state', required: false, isArray: true, enum: OperationState, description: 'repeatable; upper-case state names' })
  @ApiQuery({ name: 'since', required: false, type: String, description: 'extension: only operations created at or after this time (epoch ms or ISO-8601)' })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: 'extension: at most this many (≥ 1)' })
  @ApiQuery({ name: 'offset', required: false, type: Number, description: 'extension: skip this many matching operations first (≥ 0)' })
  @ApiOkResponse({ description: 'operations, newest first' })
  @ApiResponse({ status: 400, description: 'a malformed since/limit/offset (named in `errors`)' })
  list(@Query() query: Record<string, unknown>): Promise<OperationJson[]> {
    return this.operations.list(parseListQuery(query));
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

function checkId(id: string): string {
  if (!UUID.test(id)) throw ValidationError.forField('id', `'${id}' is not an operation id (a UUID)`);
  return id.toLowerCase();
}
