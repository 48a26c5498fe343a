// Keyboard shortcuts: a / r press the button with data-key, n follows the "next" link,
// "/" focuses the reason. A decision still needs a reason: an empty one is focused instead.
document.addEventListener("keydown", (event) => {
  const target = event.target;
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (target && ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) return;
  const reason = document.getElementById("reason");
  if (event.key === "/" && reason) { event.preventDefault(); reason.focus(); return; }
  const el = document.querySelector(`[data-key="${event.key}"]`);
  if (!el) return;
  event.preventDefault();
  if (el.tagName === "A") { el.click(); return; }
  if (reason && !reason.value.trim()) { reason.focus(); reason.reportValidity(); return; }
  el.click();
});
