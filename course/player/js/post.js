// A mock social media post (or message), drawn like a post card. `body` replaces the post's text: the
// select-text node passes the text with its markable phrases as toggle buttons.
import { html, when } from './html.js';

const initials = (name) => name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join('');

export function postCard(post, body) {
  const meta = [post.platform, post.audience, post.postedAgo].filter(Boolean).join(' · ');
  return html`
    <article class="player-post" aria-label="${post.platform} post by ${post.author}">
      <div class="player-post__header">
        <span class="player-post__avatar" aria-hidden="true">${initials(post.author)}</span>
        <div>
          <p class="player-post__author">${post.author}${when(post.handle, () => html` <span class="player-post__handle">${post.handle}</span>`)}</p>
          <p class="player-post__meta">${meta}</p>
        </div>
      </div>
      <p class="player-post__text">${body ?? post.text}</p>
      ${when(post.image, () => html`
        <figure class="player-post__image">
          <div class="player-post__picture" aria-hidden="true"></div>
          <figcaption><strong>Image description:</strong> ${post.image.alt}</figcaption>
        </figure>`)}
      ${when(post.reactions, () => html`<p class="player-post__reactions">${post.reactions}</p>`)}
    </article>`;
}
