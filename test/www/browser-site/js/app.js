/* Runs before the body: changes the title once the DOM is there, and
   fetches data/info.json (its text goes into #fetched). The file is
   served gzip-compressed when the tree has app.js.gz. */
document.addEventListener("DOMContentLoaded", function () {
	document.getElementById("title").textContent = "rendered by app.js";
	fetch("/data/info.json")
		.then(function (r) {
			if (!r.ok)
				throw new Error("status " + r.status);
			return r.json();
		})
		.then(function (j) {
			document.getElementById("fetched").textContent = j.greeting;
		})
		.catch(function (e) {
			document.getElementById("fetched").textContent =
				"fetch failed: " + e.message;
		})
		.finally(function () {
			window.unilinkFetchResolve();
		});
});
