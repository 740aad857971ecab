/*
 * The browser test's report, written into the page as JSON in
 * <pre id="report"> once the page has loaded and app.js's fetch is done;
 * `chromium --headless --dump-dom` then prints it with the DOM:
 *   readyState   document.readyState when the report is written
 *   resources    performance.getEntriesByType("resource"): path, kind,
 *                HTTP status, bytes (encoded and decoded)
 *   failed       subresources whose load failed (their error events)
 *   checks       what the page's scripts and styles did (app.js, mod.mjs,
 *                site.css, the image)
 */
(function () {
	var failed = [];
	window.addEventListener("error", function (e) {
		var t = e.target;
		if (t && t !== window)
			failed.push(new URL(t.src || t.href, location.href).pathname);
		else
			failed.push("script error: " + e.message);
	}, true);
	window.unilinkFetchDone = new Promise(function (resolve) {
		window.unilinkFetchResolve = resolve;
	});
	function write() {
		var res = performance.getEntriesByType("resource").map(function (r) {
			return {
				path: new URL(r.name).pathname,
				kind: r.initiatorType,
				status: r.responseStatus,
				encoded: r.encodedBodySize,
				decoded: r.decodedBodySize
			};
		});
		var styled = document.querySelector(".styled");
		var logo = document.getElementById("logo");
		var bg = document.getElementById("bg");
		var text = function (id) {
			var e = document.getElementById(id);
			return e ? e.textContent : null;
		};
		var report = {
			readyState: document.readyState,
			resources: res,
			failed: failed,
			checks: {
				title: text("title"),
				color: styled ? getComputedStyle(styled).color : null,
				background: bg ? getComputedStyle(bg).backgroundImage : null,
				logo: logo ? [logo.complete, logo.naturalWidth,
					      logo.naturalHeight] : null,
				unicode: text("unicode"),
				fetched: text("fetched"),
				module: text("module")
			}
		};
		var pre = document.createElement("pre");
		pre.id = "report";
		pre.textContent = JSON.stringify(report);
		document.body.appendChild(pre);
	}
	window.addEventListener("load", function () {
		var wait = document.getElementById("fetched") ?
			window.unilinkFetchDone : Promise.resolve();
		wait.then(write, write);
	});
})();
