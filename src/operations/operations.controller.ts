import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiErrorResponses } from '../common/error-bodies.js';
import { NotFoundError } from '../common/errors.js';
import { factsOf } from '../security/principal.js';
import { RequiresRole } from '../security/required-role.js';
import { parseListQuery } from './list-query.js';
import type { OperationJson } from './operation-job.js';
import { ApiOperationResponse } from './operation.schema.js';
import { OperationRoles } from './operation-roles.js';
import { OperationState } from './operation-state.js';
import { OperationsService } from './operations.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Icarus' /operations resource (§1.2). */
@ApiTags('operations')
@Controller('operations')
export class OperationsController {
  constructor(
    @Inject(OperationsService) private readonly operations: OperationsService,
    @Inject(OperationRoles) private readonly roles: OperationRoles,
  ) {}

  @Post()
  @RequiresRole('operation-type')
  @ApiOperation({ summary: 'Submit an operation; the body is one of the request types, chosen by `type`' })
  @ApiOperationResponse(201, 'operation accepted, as it is now (usually PENDING); the Location header points at it', {
    headers: { Location: { description: 'URL of the operation: GET it to follow it', schema: { type: 'string', format: 'uri' } } },
  })
  @ApiErrorResponses({ 400: 'bad request: body, type or a field is invalid (fields named in `errors`)', 409: true, 413: true, 415: true, 429: true, 503: true })
  async submit(@Body() body: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<OperationJson> {
    const operation = await this.operations.submit(body);
    factsOf(req).operationId = operation.id as string;
    res.status(201).location(`${req.protocol}://${req.get('host')}/operations/${operation.id as string}`);
    return operation;
  }

  @Get()
  @RequiresRole('read')
  @ApiOperation({ summary: 'List operations, newest first (all of them unless limit/offset/since narrow it)' })
  @ApiQuery({ name: 'type', required: false, isArray: true, type: String, description: 'repeatable; exact type ids' })
  @ApiQuery({ name: 'state', required: false, isArray: true, enum: OperationState, enumName: 'OperationState', description: 'repeatable; upper-case state names' })
  @ApiQuery({ name: 'status', required: false, isArray: true, enum: OperationState, enumName: 'OperationState',
    description: "alias of `state` (the Icarus Go client's name for it); values of both are OR'ed" })
  @ApiQuery({ name: 'since', required: false, type: String, description: 'extension: only operations created at or after this time (epoch ms or ISO-8601)' })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: 'extension: at most this many (≥ 1)' })
  @ApiQuery({ name: 'offset', required: false, type: Number, description: 'extension: skip this many matching operations first (≥ 0)' })
  @ApiOperationResponse(200, 'operations, newest first', { isArray: true })
  @ApiErrorResponses({ 400: true, 503: true })
  list(@Query() query: Record<string, unknown>): Promise<OperationJson[]> {
    return this.operations.list(parseListQuery(query));
  }

  @Get(':id')
  @RequiresRole('read')
  @ApiOperation({ summary: 'One operation' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperationResponse(200, 'the operation')
  @ApiErrorResponses({ 404: 'no such operation (it expired, or the id is not a UUID)', 503: true })
  get(@Param('id') id: string): Promise<OperationJson> {
    return this.operations.get(checkId(id));
  }

  @Delete(':id')
  @HttpCode(202)
  @RequiresRole('operate')
  @ApiOperation({ summary: 'Cancel an operation: a running one is aborted and ends CANCELLED; needs the role its type needs (at least operate)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 202, description: 'cancellation requested (no body)' })
  @ApiErrorResponses({ 404: 'no such operation (it expired, or the id is not a UUID)', 503: true })
  async cancel(@Param('id') id: string, @Req() req: Request): Promise<void> {
    const checked = checkId(id);
    await this.operations.cancel(checked, (type) => this.roles.requireForCancel(req, checked, type));
  }
}

/** Only UUIDs are operation ids: anything else names no operation (404, as Icarus answers). */
function checkId(id: string): string {
  if (!UUID.test(id)) throw new NotFoundError(`operation ${JSON.stringify(id)} does not exist: operation ids are UUIDs`);
  return id.toLowerCase();
}
