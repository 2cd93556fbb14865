import type { Type } from '@nestjs/common';

/**
 * The one list of operation modules. Adding an operation type = one folder under src/modules and
 * one line here.
 */
export const OPERATION_MODULES: Type[] = [];
