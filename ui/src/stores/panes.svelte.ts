// The window's panes as reactive state: the library's and the preview's widths, whether
// the library is shown, focus mode. Every change is remembered between runs.

import { loadPanes, savePanes, type PaneSettings } from "../layout";

export class Panes {
  sidebar = $state(0);
  preview = $state(0);
  sidebarOpen = $state(true);
  focus = $state(false);

  constructor(initial: PaneSettings = loadPanes()) {
    this.sidebar = initial.sidebar;
    this.preview = initial.preview;
    this.sidebarOpen = initial.sidebarOpen;
    this.focus = initial.focus;
  }

  set(patch: Partial<PaneSettings>): void {
    Object.assign(this, patch);
    savePanes({ sidebar: this.sidebar, preview: this.preview, sidebarOpen: this.sidebarOpen, focus: this.focus });
  }
}
