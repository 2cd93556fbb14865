import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, getSchemaPath } from '@nestjs/swagger';
import { OperationRegistry } from '../../operations/operation-registry.js';

/**
 * Serves the OpenAPI document at /docs-json and Swagger UI at /docs. The POST /operations body is
 * `oneOf` the request schemas of the registered types, discriminated by `type`; it is patched in
 * after the document is built because the set of types is only known at boot.
 */
export function setUpSwagger(app: INestApplication, version: string, bearerTokens = false): void {
  const registry = app.get(OperationRegistry);
  const types = registry.all();
  const builder = new DocumentBuilder()
    .setTitle('Icarus sidecar for Apache Cassandra')
    .setDescription('Node operations, backups and restores of a Cassandra node and cluster, as durable operations.')
    .setVersion(version);
  // With --auth-token-file every call needs `Authorization: Bearer <token>`; the document says so.
  if (bearerTokens) builder.addBearerAuth().addSecurityRequirements('bearer');
  const config = builder.build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: types.map((t) => t.definition.request),
  });
  const post = document.paths['/operations']?.post;
  if (post) {
    const refs = types.map((t) => ({ $ref: getSchemaPath(t.definition.request) }));
    const mapping = Object.fromEntries(types.map((t) => [t.definition.type, getSchemaPath(t.definition.request)]));
    post.requestBody = {
      required: true,
      description: 'an operation request; `type` selects its schema',
      content: { 'application/json': { schema: { oneOf: refs, discriminator: { propertyName: 'type', mapping } } } },
    };
  }
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
