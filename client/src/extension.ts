// ShapeLens VS Code extension: starts the ShapeLens language server
// (`<interpreter...> -m shapelens serve --stdio`) with vscode-languageclient.
import { execFile } from "child_process";
import * as vscode from "vscode";
import {
  CloseAction,
  CloseHandlerResult,
  ErrorAction,
  ErrorHandler,
  ErrorHandlerResult,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

const CLIENT_ID = "shapelens";
const CLIENT_NAME = "ShapeLens";
const PYTHON_EXTENSION_ID = "ms-python.python";
const PYTHON_EXTENSION_TIMEOUT_MS = 15_000;
const PREFLIGHT_TIMEOUT_MS = 20_000;

/** Exit code of the preflight script when the shapelens package cannot be found. */
const PREFLIGHT_NOT_INSTALLED = 3;

type InterpreterSource = "setting" | "ms-python.python" | "default";

interface Interpreter {
  /** Executable to spawn. */
  command: string;
  /** Extra arguments given before `-m shapelens serve` (from the setting). */
  args: string[];
  source: InterpreterSource;
}

/** The small part of the ms-python.python extension API that we use. */
interface PythonEnvironmentPath {
  id: string;
  path: string;
}
interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri | vscode.WorkspaceFolder): PythonEnvironmentPath;
    resolveEnvironment(
      environment: PythonEnvironmentPath | string,
    ): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
    onDidChangeActiveEnvironmentPath?: vscode.Event<unknown>;
  };
}

let outputChannel: vscode.OutputChannel;
let client: LanguageClient | undefined;
/** Serializes start/stop/restart so that they never overlap. */
let lifecycle: Promise<void> = Promise.resolve();

function log(message: string): void {
  outputChannel.appendLine(`[${new Date().toISOString()}] ${message}`);
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function withTimeout<T>(promise: Thenable<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    Promise.resolve(promise).then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

function currentResource(): vscode.Uri | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && doc.uri.scheme === "file") {
    return doc.uri;
  }
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}

function expandVariables(value: string, resource: vscode.Uri | undefined): string {
  const folder =
    (resource && vscode.workspace.getWorkspaceFolder(resource)) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    return value;
  }
  return value.replace(/\$\{workspaceFolder\}/g, folder.uri.fsPath);
}

function interpreterFromSetting(resource: vscode.Uri | undefined): string[] | undefined {
  const value = vscode.workspace.getConfiguration("shapelens", resource).get<unknown>("interpreter");
  let parts: string[] = [];
  if (typeof value === "string") {
    parts = value.trim() ? [value.trim()] : [];
  } else if (Array.isArray(value)) {
    parts = value.filter((p): p is string => typeof p === "string" && p.length > 0);
  }
  if (parts.length === 0) {
    return undefined;
  }
  return parts.map((p) => expandVariables(p, resource));
}

async function pythonExtensionApi(): Promise<PythonExtensionApi | undefined> {
  const ext = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION_ID);
  if (!ext) {
    return undefined;
  }
  if (!ext.isActive) {
    await withTimeout(ext.activate(), PYTHON_EXTENSION_TIMEOUT_MS, `Activating ${PYTHON_EXTENSION_ID}`);
  }
  return ext.exports;
}

async function interpreterFromPythonExtension(resource: vscode.Uri | undefined): Promise<string | undefined> {
  try {
    const api = await pythonExtensionApi();
    if (!api?.environments) {
      return undefined;
    }
    const envPath = api.environments.getActiveEnvironmentPath(resource);
    if (!envPath) {
      return undefined;
    }
    const env = await withTimeout(
      api.environments.resolveEnvironment(envPath),
      PYTHON_EXTENSION_TIMEOUT_MS,
      "Resolving the active Python environment",
    );
    const exe = env?.executable?.uri?.fsPath;
    return exe || undefined;
  } catch (e) {
    log(`Could not get the active environment from ${PYTHON_EXTENSION_ID}: ${errorText(e)}`);
    return undefined;
  }
}

async function resolveInterpreter(resource: vscode.Uri | undefined): Promise<Interpreter> {
  const fromSetting = interpreterFromSetting(resource);
  if (fromSetting) {
    return { command: fromSetting[0], args: fromSetting.slice(1), source: "setting" };
  }
  const fromPython = await interpreterFromPythonExtension(resource);
  if (fromPython) {
    return { command: fromPython, args: [], source: "ms-python.python" };
  }
  return { command: process.platform === "win32" ? "python" : "python3", args: [], source: "default" };
}

function describe(interpreter: Interpreter): string {
  return [interpreter.command, ...interpreter.args].join(" ");
}

type PreflightResult = "ok" | "not-found" | "not-installed" | "unknown";

/**
 * Checks, without starting the server, that the interpreter exists and can see the
 * shapelens package, so that we can give a precise error message.
 */
function preflight(interpreter: Interpreter, cwd: string | undefined): Promise<PreflightResult> {
  const script =
    "import importlib.util, sys; " +
    `sys.exit(0 if importlib.util.find_spec('shapelens') else ${PREFLIGHT_NOT_INSTALLED})`;
  return new Promise((resolve) => {
    try {
      execFile(
        interpreter.command,
        [...interpreter.args, "-c", script],
        { cwd, timeout: PREFLIGHT_TIMEOUT_MS, windowsHide: true },
        (err, _stdout, stderr) => {
          if (!err) {
            resolve("ok");
            return;
          }
          // Spawn errors carry a string code (ENOENT...), a non-zero exit a numeric one.
          const code: unknown = (err as { code?: unknown }).code;
          if (code === "ENOENT" || code === "EACCES") {
            resolve("not-found");
          } else if (code === PREFLIGHT_NOT_INSTALLED) {
            resolve("not-installed");
          } else {
            log(`Preflight check of ${describe(interpreter)} failed: ${errorText(err)} ${stderr ?? ""}`.trim());
            resolve("unknown");
          }
        },
      );
    } catch (err) {
      log(`Preflight check of ${describe(interpreter)} could not run: ${errorText(err)}`);
      resolve("not-found");
    }
  });
}

function showStartError(interpreter: Interpreter, reason: string, interpreterMissing = false): void {
  const pip = `${describe(interpreter)} -m pip install shapelens`;
  const advice = interpreterMissing
    ? `Set "shapelens.interpreter" to a Python interpreter that has ShapeLens installed (\`pip install shapelens\`)`
    : `Install ShapeLens into that interpreter (\`${pip}\`, i.e. \`pip install shapelens\`) ` +
      `or set "shapelens.interpreter" to a Python that has it`;
  const message = `ShapeLens: ${reason} ${advice}, then run "ShapeLens: Restart Server".`;
  log(`ERROR: ${message}`);
  void vscode.window.showErrorMessage(message, "Open Settings", "Show Output").then((choice) => {
    if (choice === "Open Settings") {
      void vscode.commands.executeCommand("workbench.action.openSettings", "shapelens.interpreter");
    } else if (choice === "Show Output") {
      outputChannel.show(true);
    }
  });
}

/**
 * Like the default error handler (restart at most 4 times in 3 minutes), but a server that
 * dies before the initialize handshake finished is not restarted: we report it ourselves.
 */
class ShapeLensErrorHandler implements ErrorHandler {
  initialized = false;
  private readonly restarts: number[] = [];

  error(_error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    if (count !== undefined && count <= 3) {
      return { action: ErrorAction.Continue };
    }
    return { action: ErrorAction.Shutdown };
  }

  closed(): CloseHandlerResult {
    if (!this.initialized) {
      return { action: CloseAction.DoNotRestart, handled: true };
    }
    this.restarts.push(Date.now());
    if (this.restarts.length <= 4) {
      return { action: CloseAction.Restart };
    }
    const first = this.restarts.shift() as number;
    if (Date.now() - first <= 3 * 60 * 1000) {
      return {
        action: CloseAction.DoNotRestart,
        message:
          'The ShapeLens server crashed 5 times in the last 3 minutes and will not be restarted. See the "ShapeLens" output.',
      };
    }
    return { action: CloseAction.Restart };
  }
}

async function startClient(): Promise<void> {
  const resource = currentResource();
  const interpreter = await resolveInterpreter(resource);
  const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const serverArgs = [...interpreter.args, "-m", "shapelens", "serve"];
  log(`Using Python interpreter from ${interpreter.source}: ${describe(interpreter)}`);
  log(`Server command: ${[interpreter.command, ...serverArgs].join(" ")} --stdio`);

  const check = await preflight(interpreter, cwd);
  if (check === "not-found") {
    showStartError(interpreter, `the Python interpreter "${interpreter.command}" was not found.`, true);
    return;
  }
  if (check === "not-installed") {
    showStartError(interpreter, `the "shapelens" package is not installed in "${describe(interpreter)}".`);
    return;
  }

  const serverOptions: ServerOptions = {
    command: interpreter.command,
    args: serverArgs,
    transport: TransportKind.stdio,
    options: { cwd },
  };
  const errorHandler = new ShapeLensErrorHandler();
  const inlayHints = vscode.workspace.getConfiguration("shapelens").get<boolean>("inlayHints.enabled", true);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "python" },
      { scheme: "untitled", language: "python" },
    ],
    outputChannel,
    initializationOptions: { inlayHints },
    errorHandler,
  };

  const newClient = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  client = newClient;
  try {
    await newClient.start();
    errorHandler.initialized = true;
    log("ShapeLens server started.");
  } catch (e) {
    log(`The server failed to start: ${errorText(e)}`);
    showStartError(
      interpreter,
      `the language server could not be started with "${describe(interpreter)} -m shapelens serve" ` +
        `(${errorText(e)}). See the "ShapeLens" output for details.`,
    );
  }
}

async function stopClient(): Promise<void> {
  const old = client;
  client = undefined;
  if (!old) {
    return;
  }
  try {
    await old.dispose(2000);
  } catch (e) {
    log(`Stopping the server: ${errorText(e)}`);
  }
}

function enqueue(task: () => Promise<void>): Promise<void> {
  lifecycle = lifecycle.then(task).catch((e: unknown) => log(`ERROR: ${errorText(e)}`));
  return lifecycle;
}

function restart(why: string): Promise<void> {
  return enqueue(async () => {
    log(`Restarting the server (${why}).`);
    await stopClient();
    await startClient();
  });
}

export function activate(context: vscode.ExtensionContext): Promise<void> {
  outputChannel = vscode.window.createOutputChannel(CLIENT_NAME);
  context.subscriptions.push(outputChannel);

  context.subscriptions.push(
    vscode.commands.registerCommand("shapelens.restartServer", () => restart("command")),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (
        event.affectsConfiguration("shapelens.interpreter") ||
        event.affectsConfiguration("shapelens.inlayHints.enabled")
      ) {
        void restart("configuration changed");
      }
    }),
    { dispose: () => void stopClient() },
  );

  // Follow interpreter changes made in the Python extension, unless the setting pins one.
  void (async () => {
    try {
      const ext = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION_ID);
      if (!ext) {
        return;
      }
      const api = await pythonExtensionApi();
      const onChange = api?.environments?.onDidChangeActiveEnvironmentPath;
      if (onChange) {
        context.subscriptions.push(
          onChange(() => {
            if (!interpreterFromSetting(currentResource())) {
              void restart("active Python environment changed");
            }
          }),
        );
      }
    } catch (e) {
      log(`Not following ${PYTHON_EXTENSION_ID} environment changes: ${errorText(e)}`);
    }
  })();

  return enqueue(startClient);
}

export function deactivate(): Promise<void> {
  return enqueue(stopClient);
}
