/**
 * The application factory. Database, configuration and clock are injected — never imported as
 * globals — so every test runs the real app in-process against its own database.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Db } from './db/client.ts';
import { employeeStore } from './features/employees/store.ts';
import { feedbackApi } from './features/feedback/api.ts';
import { customerPages, notFoundPage, pageLocale } from './features/feedback/pages.tsx';
import { feedbackStore } from './features/feedback/store.ts';
import { MessagePage } from './features/feedback/views.tsx';
import { openApiRoutes } from './features/openapi/routes.tsx';
import { organizationStore } from './features/organizations/store.ts';
import { templateStore } from './features/templates/store.ts';
import { touchpointRoutes } from './features/touchpoints/routes.tsx';
import { touchpointStore } from './features/touchpoints/store.ts';
import { appraisalRoutes } from './features/appraisal/routes.tsx';
import { appraisalStore } from './features/appraisal/store.ts';
import { auditStore } from './features/audit/store.ts';
import { authentication, type AuthVariables } from './features/auth/middleware.ts';
import { rateLimiter } from './features/auth/rate-limit.ts';
import { authRoutes } from './features/auth/routes.tsx';
import { userStore } from './features/auth/store.ts';
import { adminRoutes, EMPLOYEE_IMPORT_PATH } from './features/admin/routes.ts';
import { feedRoutes } from './features/feed/routes.tsx';
import { feedStore } from './features/feed/store.ts';
import { notificationRoutes } from './features/notifications/routes.ts';
import { notificationStore } from './features/notifications/store.ts';
import { flagRoutes } from './features/flags/routes.tsx';
import { moderationRoutes } from './features/moderation/routes.ts';
import { moderationStore } from './features/moderation/store.ts';
import { flagStore } from './features/flags/store.ts';
import { AppError, errors } from './lib/errors.ts';
import { translator } from './lib/i18n.ts';

export interface AppDeps {
  db: Db;
  config: Config;
  clock: Clock;
  /** Where unexpected errors are reported; defaults to console.error. */
  logError?: (err: unknown, c: Context) => void;
}

export type AppEnv = { Variables: AuthVariables };

/** All stores, built once per app so hot-path statements are prepared once. */
export function createStores(db: Db) {
  return {
    organizations: organizationStore(db),
    employees: employeeStore(db),
    templates: templateStore(db),
    touchpoints: touchpointStore(db),
    feedback: feedbackStore(db),
    users: userStore(db),
    audit: auditStore(db),
    appraisal: appraisalStore(db),
    feed: feedStore(db),
    flags: flagStore(db),
    moderation: moderationStore(db),
    notifications: notificationStore(db),
  };
}

export type Stores = ReturnType<typeof createStores>;

const isApi = (c: Context) => c.req.path.startsWith('/api/');

export function createApp(deps: AppDeps) {
  const { config, clock } = deps;
  if (!config.jwtSecret || config.jwtSecret.length < 32) {
    throw new Error('createApp: config.jwtSecret (JWT_SECRET) of at least 32 bytes is required');
  }
  const jwtConfig = config as Config & { jwtSecret: string };
  const stores = createStores(deps.db);
  const logError = deps.logError ?? ((err: unknown) => console.error(err));
  const app = new Hono<AppEnv>();

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
      referrerPolicy: 'no-referrer',
    }),
  );

  // Request size limits: JSON bodies at MAX_BODY_BYTES (16 KiB by default); HTML forms get four
  // times that, since a Korean character costs nine bytes once percent-encoded.
  const apiLimit = bodyLimit({
    maxSize: config.maxBodyBytes,
    onError: () => {
      throw errors.payloadTooLarge(config.maxBodyBytes);
    },
  });
  // The employee CSV import applies its own, larger limit (1 MiB).
  app.use('/api/*', (c, next) => (c.req.path === EMPLOYEE_IMPORT_PATH ? next() : apiLimit(c, next)));
  app.use(
    '/t/*',
    bodyLimit({
      maxSize: config.maxBodyBytes * 4,
      onError: (c) => {
        const t = translator(pageLocale(c, 'en'));
        return c.html(MessagePage({ locale: pageLocale(c, 'en'), title: t('toolarge.title'), body: t('toolarge.body') }), 413);
      },
    }),
  );

  app.use('*', authentication({ config, clock, users: stores.users }));

  app.get('/healthz', (c) => {
    deps.db.$client.prepare('SELECT 1').get();
    return c.json({ ok: true, time: clock.now().toISOString() });
  });

  const feedbackDeps = { clock, ...stores };
  app.route('/api/v1', feedbackApi(feedbackDeps));
  app.route('/', customerPages(feedbackDeps));
  app.route('/', authRoutes({ config: jwtConfig, clock, limiter: rateLimiter(clock), ...stores }));
  app.route('/', feedRoutes({ config, clock, ...stores }));
  app.route('/', adminRoutes({ config, clock, db: deps.db, ...stores }));
  app.route('/', touchpointRoutes({ config, clock, ...stores }));
  app.route('/', appraisalRoutes({ config, clock, db: deps.db, ...stores }));
  app.route('/', flagRoutes({ config, clock, db: deps.db, ...stores }));
  app.route('/', moderationRoutes({ clock, ...stores }));
  app.route('/', notificationRoutes({ clock, ...stores }));
  app.route('/', openApiRoutes());

  app.get('/', (c) => {
    const auth = c.get('auth');
    return c.redirect(auth ? (auth.role === 'staff' ? '/me' : '/today') : '/login', 302);
  });

  app.notFound((c) => {
    if (isApi(c)) return c.json(errors.notFound().toJSON(), 404);
    return notFoundPage(c);
  });

  app.onError((err, c) => {
    if (err instanceof AppError) {
      if (isApi(c) || err.status !== 404) return c.json(err.toJSON(), err.status);
      return notFoundPage(c);
    }
    if (err instanceof HTTPException) {
      const status = err.status;
      const code = status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'bad_request';
      return c.json(new AppError(status, code, err.message || 'Bad request').toJSON(), status);
    }
    logError(err, c);
    if (isApi(c)) return c.json(new AppError(500, 'internal', 'Something went wrong on our side').toJSON(), 500);
    const locale = pageLocale(c, 'en');
    const t = translator(locale);
    return c.html(MessagePage({ locale, title: t('error.title'), body: t('error.body') }), 500);
  });

  return app;
}

export type App = ReturnType<typeof createApp>;
