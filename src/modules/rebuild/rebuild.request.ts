import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsOptional, ValidateNested } from 'class-validator';
import { KeyspaceField } from '../../operations/cassandra-fields.js';
import { OperationType } from '../../operations/operation-type.js';
import { StringArrayField, StringField, TypeField } from '../../operations/request-fields.js';

const TOKEN = /^-?\d+$/;

/** A token range `(start, end]` to stream. */
export class TokenRange {
  @StringField('exclusive start token', { required: true, pattern: TOKEN, patternMessage: 'must be a token (an integer)' }) start: string;
  @StringField('inclusive end token', { required: true, pattern: TOKEN, patternMessage: 'must be a token (an integer)' }) end: string;
}

/** nodetool rebuild: streams this node's data from other replicas (StorageService.rebuild). */
export class RebuildRequest {
  @TypeField(OperationType.Rebuild) type = OperationType.Rebuild;
  @StringField('datacenter to stream from (nodetool rebuild <src-dc>); absent = any', { pattern: /^[A-Za-z0-9_.-]+$/ })
  sourceDC?: string;
  @KeyspaceField('only this keyspace (nodetool rebuild -ks)') keyspace?: string;
  @ApiProperty({ type: [TokenRange], required: false, description: 'only these token ranges (nodetool rebuild -ts); needs keyspace' })
  @IsOptional()
  @IsArray({ message: 'must be an array of {start, end}' })
  @ValidateNested({ each: true })
  @Type(() => TokenRange)
  specificTokens?: TokenRange[];
  @StringArrayField('only stream from these node addresses (nodetool rebuild -s)', { pattern: /^[0-9A-Za-z.:[\]-]+$/ })
  specificSources?: string[];
}
