import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { WebController } from './web.controller';

/** The pages for reviewers and auditors at /ui (docs/web.md). */
@Module({ imports: [AccessModule], controllers: [WebController] })
export class WebModule {}
