import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { addOperationSchemas, operationModels } from '../../operations/operation-document.js';
import { OperationRegistry } from '../../operations/operation-registry.js';
import { protectMount } from './protected-mounts.js';

/**
 * Serves the OpenAPI document at /docs-json and Swagger UI at /docs. Every answer of every endpoint
 * has a schema; the operation schemas (one per registered type) are added once the document is
 * built, because the set of types is only known at boot.
 */
export function setUpSwagger(app: INestApplication, version: string, bearerTokens = false): void {
  const types = app.get(OperationRegistry).all();
  const builder = new DocumentBuilder()
    .setTitle('Icarus sidecar for Apache Cassandra')
    .setDescription('Node operations, backups and restores of a Cassandra node and cluster, as durable operations.')
    .setVersion(version);
  // With --auth-token-file every call needs `Authorization: Bearer <token>`; the document says so.
  if (bearerTokens) builder.addBearerAuth().addSecurityRequirements('bearer');
  const config = builder.build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: operationModels(types) });
  addOperationSchemas(document, types);
  for (const prefix of ['/docs', '/docs-json', '/docs-yaml']) protectMount(app, { prefix, role: 'read', readOnly: true });
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
