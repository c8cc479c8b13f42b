import { App } from "./app";
import { toast } from "./dom";

const root = document.getElementById("app")!;
new App(root).start().catch((e: unknown) => {
  toast(`Masthead could not start: ${e instanceof Error ? e.message : String(e)}`, "error");
});
