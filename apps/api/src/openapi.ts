import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** The OpenAPI document is generated from the controllers and DTOs: `/docs` for people, `/docs-json` for tools. */
export function mountOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Payout orchestration service')
      .setDescription(
        'Sends money to bank accounts (IBAN) through Pientegra and Sipay, exactly once or clearly not at all.',
      )
      .setVersion('1')
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        description: 'API key of a client (npm run cli -- clients:create)',
      })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
