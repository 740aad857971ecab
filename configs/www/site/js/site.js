// The sample site's script: says that it ran, and when the page's
// subresources finished loading.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
	var status = document.getElementById("status");
	if (status === null)
		return;
	status.textContent = "The script ran.";
	status.className = "ran";
});
