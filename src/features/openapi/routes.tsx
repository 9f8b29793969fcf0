/** @jsxImportSource hono/jsx */
/** `GET /openapi.json` and a self-contained, server-rendered `/docs` page (no CDN needed). */
import { Hono } from 'hono';
import type { AppEnv } from '../../app.ts';
import { Layout } from '../../ui/layout.tsx';
import { buildOpenApi } from './spec.ts';

type Spec = ReturnType<typeof buildOpenApi>;

function DocsPage(props: { spec: Spec }) {
  const ops = Object.entries(props.spec.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op: op as Record<string, any> })),
  );
  return (
    <Layout locale="en" title="mirrorcard API">
      <h1>mirrorcard API</h1>
      <p class="lead">{props.spec.info.description}</p>
      <p>
        Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI {props.spec.openapi}).
      </p>
      {ops.map(({ path, method, op }) => (
        <section class="box" id={op.operationId}>
          <h2 style="font-size:1.05rem;margin:0 0 .3rem">
            <code>{method.toUpperCase()}</code> <code>{path}</code>
          </h2>
          <p style="margin:.2rem 0">
            <strong>{op.summary}</strong>
          </p>
          {op.description ? <p class="hint">{op.description}</p> : null}
          {op.parameters ? (
            <ul>
              {(op.parameters as any[]).map((p) => (
                <li>
                  <code>{p.name}</code> ({p.in}): {p.description}
                </li>
              ))}
            </ul>
          ) : null}
          {op.requestBody ? (
            <details>
              <summary>Request body (JSON Schema)</summary>
              <pre style="white-space:pre-wrap;font-size:.8rem">
                {JSON.stringify(op.requestBody.content['application/json'].schema, null, 2)}
              </pre>
            </details>
          ) : null}
          <ul>
            {Object.entries(op.responses as Record<string, { description: string }>).map(([status, r]) => (
              <li>
                <code>{status}</code> {r.description}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Layout>
  );
}

export function openApiRoutes() {
  const app = new Hono<AppEnv>();
  let spec: Spec | undefined;
  const get = () => (spec ??= buildOpenApi());
  app.get('/openapi.json', (c) => c.json(get()));
  app.get('/docs', (c) => c.html(<DocsPage spec={get()} />));
  return app;
}
