// pkadmin's only script. Every page works without it; it makes three
// things quicker: searching as you type, copying a generated password, and
// watching an offboarding run without reloading.

// Live search: an input with data-live-search="#target" reloads the
// target from the same page as the person types.
for (const input of document.querySelectorAll('input[data-live-search]')) {
  const target = input.dataset.liveSearch;
  let timer;
  let latest = 0;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const form = input.form;
      const params = new URLSearchParams(new FormData(form));
      params.delete('page');
      const url = form.action + '?' + params.toString();
      const ticket = ++latest;
      const resp = await fetch(url, { headers: { Accept: 'text/html' } });
      if (!resp.ok || ticket !== latest) return;
      const doc = new DOMParser().parseFromString(await resp.text(), 'text/html');
      const fresh = doc.querySelector(target);
      const old = document.querySelector(target);
      if (fresh && old) {
        old.replaceWith(fresh);
        history.replaceState(null, '', url);
      }
    }, 250);
  });
}

// Copy buttons: data-copy="#input" copies that input's value.
for (const button of document.querySelectorAll('button[data-copy]')) {
  button.addEventListener('click', async () => {
    const field = document.querySelector(button.dataset.copy);
    if (!field) return;
    await navigator.clipboard.writeText(field.value);
    button.textContent = 'Copied';
  });
}

// Live progress: an element with data-live="true" and data-live-url is
// replaced, about every second, by the same element from that URL, until
// the fresh one says data-live="false" (the run ended). A reload of the
// page shows the same state without the script.
for (const first of document.querySelectorAll('[data-live-url]')) {
  const id = first.id;
  const poll = async () => {
    const el = document.getElementById(id);
    if (!el || el.dataset.live !== 'true') return;
    try {
      const resp = await fetch(el.dataset.liveUrl, { headers: { Accept: 'text/html' } });
      if (resp.ok) {
        const doc = new DOMParser().parseFromString(await resp.text(), 'text/html');
        const fresh = doc.getElementById(id);
        if (fresh) el.replaceWith(fresh);
      }
    } catch {
      // A missed poll is tried again at the next tick.
    }
    setTimeout(poll, 1000);
  };
  if (id) setTimeout(poll, 1000);
}
