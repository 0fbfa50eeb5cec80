// Boots the page: loads the WebAssembly module and hands over to Rust (src/web/), which owns
// the state, the events and the DOM. Nothing else happens here.
import init, { start } from './pkg/gomirror.js';

await init();
start();
