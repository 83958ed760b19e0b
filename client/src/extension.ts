// ShapeLens VS Code extension: starts the ShapeLens language server with vscode-languageclient.
// The server command, in order of precedence:
//   shapelens.path set                       <path...> serve
//   importStrategy "useBundled" (default)    <python> -I <extension>/bundled/tool/server.py serve
//                                            (the libraries bundled in the .vsix; any Python >= 3.10)
//   importStrategy "fromEnvironment"         <python> -I -m shapelens serve (ShapeLens installed there)
// where <python> is shapelens.interpreter, else the Python extension's active environment, else
// python3. A build without bundled/ (no `npm run bundle`) falls back to the environment.
// Opening a folder must never run its code: every process starts in the extension's own folder,
// and Python in isolated mode (-I: neither the current folder, the script's folder, PYTHONPATH
// nor the user site-packages are on sys.path), so a folder holding shapelens/, pygls/ or json.py
// is never imported. The bundled launcher puts bundled/libs on sys.path itself.
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
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
  State,
  TransportKind,
} from "vscode-languageclient/node";

const CLIENT_ID = "shapelens";
const CLIENT_NAME = "ShapeLens";
const PYTHON_EXTENSION_ID = "ms-python.python";
const PYTHON_EXTENSION_TIMEOUT_MS = 15_000;
const PREFLIGHT_TIMEOUT_MS = 20_000;
const SHOW_SUMMARY = "shapelens.showSummary";
/** The settings that change the server command: changing one restarts the server. */
const RESTART_SETTINGS = ["shapelens.interpreter", "shapelens.path", "shapelens.importStrategy"];

/** Exit code of the preflight script when the shapelens package cannot be found. */
const PREFLIGHT_NOT_INSTALLED = 3;
/** Exit code of the preflight script (and of the bundled launcher) for a Python older than 3.10. */
const PREFLIGHT_TOO_OLD = 4;

type InterpreterSource = "setting" | "ms-python.python" | "default";

/** Python's isolated mode: nothing is imported from the current folder or PYTHONPATH. */
const ISOLATED = "-I";

export interface Interpreter {
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
let extensionPath = "";
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

/** A setting holding a command: a path, or a list of command words. */
function commandFromSetting(name: string, resource: vscode.Uri | undefined): string[] | undefined {
  const value = vscode.workspace.getConfiguration("shapelens", resource).get<unknown>(name);
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

function interpreterFromSetting(resource: vscode.Uri | undefined): string[] | undefined {
  return commandFromSetting("interpreter", resource);
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

const DEFAULT_PYTHON: Interpreter = {
  command: process.platform === "win32" ? "python" : "python3",
  args: [],
  source: "default",
};

/** The interpreters to try, best first: the setting alone, else the Python extension's then python3. */
async function interpreterCandidates(resource: vscode.Uri | undefined): Promise<Interpreter[]> {
  const fromSetting = interpreterFromSetting(resource);
  if (fromSetting) {
    return [{ command: fromSetting[0], args: fromSetting.slice(1), source: "setting" }];
  }
  const fromPython = await interpreterFromPythonExtension(resource);
  if (fromPython) {
    return [{ command: fromPython, args: [], source: "ms-python.python" }, DEFAULT_PYTHON];
  }
  return [DEFAULT_PYTHON];
}

type ImportStrategy = "useBundled" | "fromEnvironment";

function importStrategy(resource: vscode.Uri | undefined): ImportStrategy {
  const value = vscode.workspace.getConfiguration("shapelens", resource).get<string>("importStrategy");
  return value === "fromEnvironment" ? "fromEnvironment" : "useBundled";
}

/** The launcher of the bundled libraries, when this build has them (`npm run bundle`). */
function bundledLauncher(): string | undefined {
  const launcher = path.join(extensionPath, "bundled", "tool", "server.py");
  const marker = path.join(extensionPath, "bundled", "libs", "shapelens", "__init__.py");
  return fs.existsSync(launcher) && fs.existsSync(marker) ? launcher : undefined;
}

function describe(interpreter: Interpreter): string {
  return [interpreter.command, ...interpreter.args].join(" ");
}

type PreflightResult = "ok" | "not-found" | "not-installed" | "too-old" | "unknown";

/**
 * The working folder of every process we start: the extension's own folder, never the
 * workspace (an untrusted folder's files must not be found through a relative path).
 */
export function processCwd(): string {
  return extensionPath || path.resolve(__dirname, "..", "..");
}

/** A process to start: what `execFile` and the language client run. */
export interface Launch {
  command: string;
  args: string[];
  cwd: string;
}

/** The server command for a Python interpreter (useBundled needs the launcher's path). */
export function serverLaunch(interpreter: Interpreter, how: "useBundled" | "fromEnvironment", launcher?: string): Launch {
  const tail = how === "useBundled" && launcher ? [launcher, "serve"] : ["-m", "shapelens", "serve"];
  return { command: interpreter.command, args: [...interpreter.args, ISOLATED, ...tail], cwd: processCwd() };
}

/** The preflight check of a Python interpreter, run as the server will be. */
export function preflightLaunch(interpreter: Interpreter, how: "useBundled" | "fromEnvironment"): Launch {
  const code = how === "useBundled" ? CHECK_VERSION : FIND_SHAPELENS;
  return { command: interpreter.command, args: [...interpreter.args, ISOLATED, "-c", code], cwd: processCwd() };
}

/** Exits 0 when the shapelens package can be imported (fromEnvironment). */
const FIND_SHAPELENS =
  "import importlib.util, sys; " +
  `sys.exit(0 if importlib.util.find_spec('shapelens') else ${PREFLIGHT_NOT_INSTALLED})`;
/** Exits 0 when the Python can run the bundled libraries (useBundled). */
const CHECK_VERSION = `import sys; sys.exit(0 if sys.version_info >= (3, 10) else ${PREFLIGHT_TOO_OLD})`;

/**
 * Checks, without starting the server, that the command exists and can run ShapeLens (the
 * interpreter and the package, or its version), so that we can give a precise error message.
 */
function preflight(interpreter: Interpreter, launch: Launch): Promise<PreflightResult> {
  return new Promise((resolve) => {
    try {
      execFile(
        launch.command,
        launch.args,
        { cwd: launch.cwd, timeout: PREFLIGHT_TIMEOUT_MS, windowsHide: true },
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
          } else if (code === PREFLIGHT_TOO_OLD) {
            resolve("too-old");
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

type StartProblem = "interpreter-missing" | "not-installed" | "too-old" | "path" | "other";

function showStartError(interpreter: Interpreter, reason: string, problem: StartProblem): void {
  const pip = `${describe(interpreter)} -m pip install shapelens`;
  let advice: string;
  let setting = "shapelens.interpreter";
  switch (problem) {
    case "interpreter-missing":
      advice = `Set "shapelens.interpreter" to a Python 3.10+ interpreter`;
      break;
    case "too-old":
      advice = `Set "shapelens.interpreter" to a Python 3.10 or newer`;
      break;
    case "not-installed":
      advice =
        `Install ShapeLens into that interpreter (\`${pip}\`) or set "shapelens.interpreter" to a Python ` +
        `that has it` +
        (bundledLauncher() ? `, or set "shapelens.importStrategy" to "useBundled" (nothing to install)` : "");
      break;
    case "path":
      advice = `Set "shapelens.path" to a \`shapelens\` executable, or clear it`;
      setting = "shapelens.path";
      break;
    default:
      advice = `Check the "shapelens.interpreter", "shapelens.importStrategy" and "shapelens.path" settings`;
      setting = "shapelens";
  }
  const message = `ShapeLens: ${reason} ${advice}, then run "ShapeLens: Restart Server".`;
  log(`ERROR: ${message}`);
  void vscode.window.showErrorMessage(message, "Open Settings", "Show Output").then((choice) => {
    if (choice === "Open Settings") {
      void vscode.commands.executeCommand("workbench.action.openSettings", setting);
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

/** How the server is started. */
interface ServerCommand {
  /** Python (or the shapelens executable) and the arguments before "serve" / "-m shapelens serve". */
  interpreter: Interpreter;
  args: string[];
  how: "path" | "useBundled" | "fromEnvironment";
}

function commandLine(server: ServerCommand): string {
  return [server.interpreter.command, ...server.args].join(" ");
}

/**
 * Finds the server command and checks it can run. Returns undefined (after telling the user
 * why) when it cannot.
 */
async function resolveServer(resource: vscode.Uri | undefined): Promise<ServerCommand | undefined> {
  const exe = commandFromSetting("path", resource);
  if (exe) {
    const interpreter: Interpreter = { command: exe[0], args: exe.slice(1), source: "setting" };
    const server: ServerCommand = { interpreter, args: [...interpreter.args, "serve"], how: "path" };
    log(`Using "shapelens.path": ${commandLine(server)}`);
    const check = await preflight(interpreter, { command: exe[0], args: [...exe.slice(1), "--version"], cwd: processCwd() });
    if (check === "not-found") {
      showStartError(interpreter, `the ShapeLens executable "${exe[0]}" was not found.`, "path");
      return undefined;
    }
    return server;
  }

  const candidates = await interpreterCandidates(resource);
  let strategy = importStrategy(resource);
  const launcher = bundledLauncher();
  if (strategy === "useBundled" && !launcher) {
    log('This build of the extension has no bundled libraries (bundled/): using "fromEnvironment".');
    strategy = "fromEnvironment";
  }

  if (strategy === "useBundled" && launcher) {
    let last: { interpreter: Interpreter; check: PreflightResult } | undefined;
    for (const interpreter of candidates) {
      const check = await preflight(interpreter, preflightLaunch(interpreter, "useBundled"));
      log(`Python from ${interpreter.source}: ${describe(interpreter)}: ${check}`);
      if (check === "ok" || check === "unknown") {
        return { interpreter, args: serverLaunch(interpreter, "useBundled", launcher).args, how: "useBundled" };
      }
      last = { interpreter, check };
    }
    const { interpreter, check } = last as { interpreter: Interpreter; check: PreflightResult };
    if (check === "too-old") {
      showStartError(interpreter, `"${describe(interpreter)}" is older than Python 3.10.`, "too-old");
    } else {
      showStartError(interpreter, `the Python interpreter "${interpreter.command}" was not found.`, "interpreter-missing");
    }
    return undefined;
  }

  const interpreter = candidates[0];
  const server: ServerCommand = { interpreter, args: serverLaunch(interpreter, "fromEnvironment").args, how: "fromEnvironment" };
  log(`Using Python interpreter from ${interpreter.source}: ${describe(interpreter)}`);
  const check = await preflight(interpreter, preflightLaunch(interpreter, "fromEnvironment"));
  if (check === "not-found") {
    showStartError(interpreter, `the Python interpreter "${interpreter.command}" was not found.`, "interpreter-missing");
    return undefined;
  }
  if (check === "not-installed") {
    showStartError(interpreter, `the "shapelens" package is not installed in "${describe(interpreter)}".`, "not-installed");
    return undefined;
  }
  return server;
}

/** The settings the server reads (initializationOptions; later changes come as didChangeConfiguration). */
function serverSettings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration("shapelens");
  return {
    inlayHints: { enabled: config.get<boolean>("inlayHints.enabled", true) },
    codeLens: { enabled: config.get<boolean>("codeLens.enabled", true) },
    select: config.get<string[]>("select", []),
    ignore: config.get<string[]>("ignore", []),
    severity: config.get<Record<string, string>>("severity", {}),
  };
}

/**
 * Read-only Markdown documents holding the summaries shapelens.showSummary returned: no
 * "save changes?" prompt when they are closed, and the same model reopens its own tab.
 */
class SummaryDocuments implements vscode.TextDocumentContentProvider {
  static readonly scheme = "shapelens-summary";
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? "";
  }

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

let summaryDocuments: SummaryDocuments | undefined;

/** Opens the summary table the server returned for shapelens.showSummary (a code lens) beside the editor. */
async function showSummary(result: unknown, args: unknown[]): Promise<void> {
  if (typeof result !== "string" || !result || !summaryDocuments) {
    void vscode.window.showInformationMessage("ShapeLens: there is no model summary here (has the file changed?).");
    return;
  }
  let title = "model";
  if (typeof args[0] === "string") {
    const source = vscode.Uri.parse(args[0]);
    const line = typeof args[1] === "number" ? ` line ${args[1] + 1}` : "";
    title = `${path.basename(source.fsPath || source.path)}${line}`;
  }
  const uri = vscode.Uri.from({ scheme: SummaryDocuments.scheme, path: `/${title.replace(/[\/\\]/g, "_")} summary.md` });
  summaryDocuments.set(uri, `# ShapeLens: ${title}\n\n\`\`\`text\n${result}\n\`\`\`\n`);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
}

async function startClient(): Promise<void> {
  const resource = currentResource();
  const server = await resolveServer(resource);
  if (!server) {
    return;
  }
  log(`Server command (${server.how}): ${commandLine(server)} --stdio`);

  const serverOptions: ServerOptions = {
    command: server.interpreter.command,
    args: server.args,
    transport: TransportKind.stdio,
    options: { cwd: processCwd() },
  };
  const errorHandler = new ShapeLensErrorHandler();
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "python" },
      { scheme: "untitled", language: "python" },
      // Python cells of Jupyter notebooks (the server gets them with notebook document sync).
      { notebook: "jupyter-notebook", language: "python" },
    ],
    outputChannel,
    initializationOptions: serverSettings(),
    synchronize: { configurationSection: "shapelens" },
    errorHandler,
    middleware: {
      executeCommand: async (command, args, next) => {
        const result = await next(command, args);
        if (command === SHOW_SUMMARY) {
          await showSummary(result, args ?? []);
        }
        return result;
      },
    },
  };

  const newClient = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  client = newClient;
  try {
    await newClient.start();
    // vscode-languageclient 9 resolves start() even when the server process died during the
    // initialize handshake (its connection closes): only a running client has really started.
    if (newClient.state !== State.Running) {
      throw new Error("the server exited during initialization");
    }
    errorHandler.initialized = true;
    log("ShapeLens server started.");
  } catch (e) {
    log(`The server failed to start: ${errorText(e)}`);
    showStartError(
      server.interpreter,
      `the language server could not be started with "${commandLine(server)}" ` +
        `(${errorText(e)}). See the "ShapeLens" output for details.`,
      server.how === "path" ? "path" : "other",
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
  extensionPath = context.extensionPath;
  summaryDocuments = new SummaryDocuments();
  context.subscriptions.push(
    summaryDocuments,
    vscode.workspace.registerTextDocumentContentProvider(SummaryDocuments.scheme, summaryDocuments),
  );

  context.subscriptions.push(
    vscode.commands.registerCommand("shapelens.restartServer", () => restart("command")),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // The other settings reach the running server (workspace/didChangeConfiguration).
      if (RESTART_SETTINGS.some((name) => event.affectsConfiguration(name))) {
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
            const resource = currentResource();
            if (!interpreterFromSetting(resource) && !commandFromSetting("path", resource)) {
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
