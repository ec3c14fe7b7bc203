/**
 * One headless Chromium (Debian's /usr/bin/chromium) driven through
 * `playwright-core`, shared by the frontend tests, and a tiny static file
 * server on 127.0.0.1. No browser is ever downloaded.
 *
 * @module
 */
import { type Browser, chromium } from "playwright-core";
import { CHROMIUM } from "./harness.ts";

/** The flags every run uses (closed network, no background traffic). */
export const CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/**
 * Launch Chromium.
 *
 * @returns The browser; close it at the end.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
}

/** A port that is free on 127.0.0.1 right now. */
export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** A static server for `root` on 127.0.0.1 (a free port). */
export interface StaticServer {
  /** Its origin, e.g. `http://127.0.0.1:40123`. */
  readonly origin: string;
  /** Stop it. */
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  json: "application/json",
  svg: "image/svg+xml",
  png: "image/png",
  woff2: "font/woff2",
  woff: "font/woff",
  ttf: "font/ttf",
};

/**
 * Serve the files under `root` (GET only, no directory listing).
 *
 * @param root An absolute directory.
 * @returns The server.
 */
export function serveDir(root: string): StaticServer {
  const ac = new AbortController();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: ac.signal, onListen() {} },
    async (req) => {
      const path = decodeURIComponent(new URL(req.url).pathname);
      if (path.includes("..")) return new Response("no", { status: 400 });
      const file = root + (path.endsWith("/") ? path + "index.html" : path);
      try {
        const body = await Deno.readFile(file);
        const ext = file.split(".").pop() ?? "";
        return new Response(body, {
          headers: {
            "content-type": TYPES[ext] ?? "application/octet-stream",
          },
        });
      } catch {
        return new Response("not found", { status: 404 });
      }
    },
  );
  return {
    origin: `http://127.0.0.1:${server.addr.port}`,
    close: async () => {
      ac.abort();
      await server.finished;
    },
  };
}
