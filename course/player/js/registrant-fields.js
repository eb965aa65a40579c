// The optional fields a registrant gives for their certificate, the same on sign-in and on joining a workshop.
import { html } from './html.js';

export const registrantFields = () => html`
        <div class="nhsuk-form-group">
          <label class="nhsuk-label" for="registrationNumber">Registration number (optional)</label>
          <div class="nhsuk-hint" id="registrationNumber-hint">For example, PH123456</div>
          <input class="nhsuk-input nhsuk-input--width-10" id="registrationNumber" name="registrationNumber" type="text" autocomplete="off" spellcheck="false" aria-describedby="registrationNumber-hint">
        </div>
        <div class="nhsuk-form-group">
          <label class="nhsuk-label" for="profession">Profession (optional)</label>
          <div class="nhsuk-hint" id="profession-hint">For example, physiotherapist or paramedic</div>
          <input class="nhsuk-input nhsuk-u-width-two-thirds" id="profession" name="profession" type="text" autocomplete="organization-title" aria-describedby="profession-hint">
        </div>`;
