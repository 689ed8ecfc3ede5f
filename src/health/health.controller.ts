import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { DatabaseConnection } from '../database/database-connection';

const DATABASE_CHECK_TIMEOUT_MS = 2000;

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(@Inject(DatabaseConnection) private readonly database: DatabaseConnection) {}

  @Get()
  @ApiOperation({ summary: 'Liveness and database readiness; no key needed' })
  async health(@Res({ passthrough: true }) response: Response) {
    const databaseUp = await this.databaseAnswers();
    if (!databaseUp) response.status(HttpStatus.SERVICE_UNAVAILABLE);
    return {
      status: databaseUp ? 'ok' : 'unavailable',
      database: { status: databaseUp ? 'up' : 'down', mode: this.database.mode },
    };
  }

  private async databaseAnswers(): Promise<boolean> {
    const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), DATABASE_CHECK_TIMEOUT_MS).unref());
    const check = this.database.pool.query('SELECT 1').then(() => true, () => false);
    return Promise.race([check, timeout]);
  }
}
