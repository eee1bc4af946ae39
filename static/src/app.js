// pkadmin's only script. Every page works without it; it makes two things
// quicker: searching as you type, and copying a generated password.

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
