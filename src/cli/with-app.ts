import { type App, openApp } from '../app/open-app.js';

/** Opens the application for one command and always closes the database afterwards. */
export async function withApp<T>(work: (app: App) => Promise<T>): Promise<T> {
  const app = await openApp();
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}
