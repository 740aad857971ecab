// An ES module (text/javascript, RFC 9239): it imports another, so a
// second request with the module's MIME type rules.
import { word } from "./word.mjs";
document.getElementById("module").textContent = "module ran: " + word;
