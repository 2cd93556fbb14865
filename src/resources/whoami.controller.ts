import { Controller, Get, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ROLES, type Role } from '../common/roles.js';
import { type Principal, principalOf, type Via } from '../security/principal.js';
import { RequiresRole } from '../security/required-role.js';

/** GET /whoami: who the sidecar takes the caller for. */
export class WhoAmIBody {
  @ApiProperty({ description: "a token's name or fingerprint (sha256:…), a certificate's subject, or anonymous; never a secret", example: 'backup-bot' })
  identity: string;

  @ApiProperty({ enum: ROLES, description: 'what the credential may do: read ⊂ operate ⊂ admin' })
  role: Role;

  @ApiProperty({ enum: ['token', 'certificate', 'none'], description: 'none: the sidecar runs without authentication (everyone is admin)' })
  via: Via;
}

/**
 * The caller's identity and role, so a client (the web console) shows only what it may do. Any
 * credential with a role may ask; one without (an unmapped certificate) gets the 403 naming why.
 */
@ApiTags('security')
@Controller('whoami')
export class WhoAmIController {
  @Get()
  @RequiresRole('read')
  @ApiOperation({ summary: 'The identity, role and kind of credential of the caller: {identity, role, via}' })
  @ApiOkResponse({ type: WhoAmIBody })
  whoami(@Req() req: Request): WhoAmIBody {
    // The guard let the request through, so authentication found a principal with a role.
    const { identity, role, via } = principalOf(req) as Required<Principal>;
    return { identity, role, via };
  }
}
