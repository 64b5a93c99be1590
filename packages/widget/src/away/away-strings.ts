/**
 * The texts of the away notice and its email form, in every language with built-in texts. They are
 * part of the on-demand `widget/away.js` module (not of the chat module, nor of `widget/lang/*.js`),
 * so a chat pays for them only when the team is away. A host overrides them like any widget text
 * (`data-strings`, the `strings` property) by these keys.
 */
export interface AwayStrings {
  /** Out of the app's opening hours. */
  awayClosed: string;
  /** Nobody took the escalation within the app's handoff timeout. */
  awayTimeout: string;
  emailLabel: string;
  invalidEmail: string;
  /** `{email}`: the address left. */
  contactThanks: string;
}

export const awayStrings: Record<string, AwayStrings> = {
  en: {
    awayClosed: 'Our team is away right now. Leave your email and we will answer you there.',
    awayTimeout: 'No one is free right now. Leave your email and we will answer you there.',
    emailLabel: 'Your email',
    invalidEmail: 'Please enter a valid email address, like name@example.com.',
    contactThanks: 'Thank you. We will answer you at {email}.',
  },
  fr: {
    awayClosed: 'Notre équipe est absente pour le moment. Laissez votre e-mail, nous vous répondrons.',
    awayTimeout: "Personne n'est disponible pour le moment. Laissez votre e-mail, nous vous répondrons.",
    emailLabel: 'Votre e-mail',
    invalidEmail: 'Saisissez une adresse e-mail valide, comme nom@exemple.com.',
    contactThanks: 'Merci. Nous vous répondrons à {email}.',
  },
  de: {
    awayClosed: 'Unser Team ist gerade nicht da. Hinterlassen Sie Ihre E-Mail, wir antworten Ihnen dort.',
    awayTimeout: 'Gerade ist niemand frei. Hinterlassen Sie Ihre E-Mail, wir antworten Ihnen dort.',
    emailLabel: 'Ihre E-Mail',
    invalidEmail: 'Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.',
    contactThanks: 'Danke. Wir antworten Ihnen an {email}.',
  },
  es: {
    awayClosed: 'Nuestro equipo no está disponible ahora. Deja tu correo y te responderemos allí.',
    awayTimeout: 'No hay nadie libre ahora. Deja tu correo y te responderemos allí.',
    emailLabel: 'Tu correo electrónico',
    invalidEmail: 'Escribe un correo válido, como nombre@ejemplo.com.',
    contactThanks: 'Gracias. Te responderemos en {email}.',
  },
  it: {
    awayClosed: 'Il nostro team non è disponibile ora. Lascia la tua email e ti risponderemo lì.',
    awayTimeout: 'Nessuno è libero ora. Lascia la tua email e ti risponderemo lì.',
    emailLabel: 'La tua email',
    invalidEmail: 'Inserisci un indirizzo email valido, come nome@esempio.it.',
    contactThanks: 'Grazie. Ti risponderemo a {email}.',
  },
  pt: {
    awayClosed: 'Nossa equipe está ausente agora. Deixe seu e-mail e responderemos por lá.',
    awayTimeout: 'Ninguém está livre agora. Deixe seu e-mail e responderemos por lá.',
    emailLabel: 'Seu e-mail',
    invalidEmail: 'Digite um e-mail válido, como nome@exemplo.com.',
    contactThanks: 'Obrigado. Responderemos em {email}.',
  },
  nl: {
    awayClosed: 'Ons team is nu afwezig. Laat je e-mailadres achter, dan antwoorden we daar.',
    awayTimeout: 'Er is nu niemand vrij. Laat je e-mailadres achter, dan antwoorden we daar.',
    emailLabel: 'Je e-mailadres',
    invalidEmail: 'Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.',
    contactThanks: 'Bedankt. We antwoorden je op {email}.',
  },
  pl: {
    awayClosed: 'Nasz zespół jest teraz niedostępny. Zostaw e-mail, a odpowiemy na niego.',
    awayTimeout: 'Nikt nie jest teraz wolny. Zostaw e-mail, a odpowiemy na niego.',
    emailLabel: 'Twój e-mail',
    invalidEmail: 'Podaj poprawny adres e-mail, np. imie@przyklad.pl.',
    contactThanks: 'Dziękujemy. Odpowiemy na {email}.',
  },
  tr: {
    awayClosed: 'Ekibimiz şu anda müsait değil. E-postanızı bırakın, size oradan yanıt verelim.',
    awayTimeout: 'Şu anda kimse müsait değil. E-postanızı bırakın, size oradan yanıt verelim.',
    emailLabel: 'E-postanız',
    invalidEmail: 'Lütfen geçerli bir e-posta adresi girin, örneğin ad@ornek.com.',
    contactThanks: 'Teşekkürler. Size {email} adresinden yanıt vereceğiz.',
  },
  ar: {
    awayClosed: 'فريقنا غير متاح الآن. اترك بريدك الإلكتروني وسنرد عليك هناك.',
    awayTimeout: 'لا يوجد أحد متاح الآن. اترك بريدك الإلكتروني وسنرد عليك هناك.',
    emailLabel: 'بريدك الإلكتروني',
    invalidEmail: 'يرجى إدخال بريد إلكتروني صالح، مثل name@example.com.',
    contactThanks: 'شكرًا لك. سنرد عليك على {email}.',
  },
  he: {
    awayClosed: 'הצוות שלנו לא זמין כרגע. השאירו כתובת אימייל ונענה לכם שם.',
    awayTimeout: 'אין כרגע אף אחד פנוי. השאירו כתובת אימייל ונענה לכם שם.',
    emailLabel: 'כתובת האימייל שלך',
    invalidEmail: 'נא להזין כתובת אימייל תקינה, כמו name@example.com.',
    contactThanks: 'תודה. נענה לך בכתובת {email}.',
  },
  ru: {
    awayClosed: 'Наша команда сейчас не на связи. Оставьте email, и мы ответим вам туда.',
    awayTimeout: 'Сейчас никто не свободен. Оставьте email, и мы ответим вам туда.',
    emailLabel: 'Ваш email',
    invalidEmail: 'Введите правильный адрес email, например name@example.com.',
    contactThanks: 'Спасибо. Мы ответим вам на {email}.',
  },
  uk: {
    awayClosed: 'Наша команда зараз не на зв’язку. Залиште email, і ми відповімо вам туди.',
    awayTimeout: 'Зараз ніхто не вільний. Залиште email, і ми відповімо вам туди.',
    emailLabel: 'Ваш email',
    invalidEmail: 'Введіть правильну адресу email, наприклад name@example.com.',
    contactThanks: 'Дякуємо. Ми відповімо вам на {email}.',
  },
  ja: {
    awayClosed: 'ただいま担当者は不在です。メールアドレスを残していただければ、そちらに返信します。',
    awayTimeout:
      'ただいま対応できる担当者がいません。メールアドレスを残していただければ、そちらに返信します。',
    emailLabel: 'メールアドレス',
    invalidEmail: '有効なメールアドレスを入力してください（例: name@example.com）。',
    contactThanks: 'ありがとうございます。{email} に返信します。',
  },
  zh: {
    awayClosed: '我们的团队现在不在。请留下您的邮箱，我们会通过邮件回复您。',
    awayTimeout: '现在没有空闲的客服。请留下您的邮箱，我们会通过邮件回复您。',
    emailLabel: '您的邮箱',
    invalidEmail: '请输入有效的邮箱地址，例如 name@example.com。',
    contactThanks: '谢谢。我们会回复到 {email}。',
  },
  ko: {
    awayClosed: '지금은 상담팀이 자리에 없습니다. 이메일을 남겨 주시면 그곳으로 답변드리겠습니다.',
    awayTimeout: '지금은 응대할 수 있는 상담원이 없습니다. 이메일을 남겨 주시면 그곳으로 답변드리겠습니다.',
    emailLabel: '이메일',
    invalidEmail: '올바른 이메일 주소를 입력하세요(예: name@example.com).',
    contactThanks: '감사합니다. {email}(으)로 답변드리겠습니다.',
  },
  hi: {
    awayClosed: 'हमारी टीम अभी उपलब्ध नहीं है। अपना ईमेल छोड़ें, हम आपको वहीं जवाब देंगे।',
    awayTimeout: 'अभी कोई खाली नहीं है। अपना ईमेल छोड़ें, हम आपको वहीं जवाब देंगे।',
    emailLabel: 'आपका ईमेल',
    invalidEmail: 'कृपया सही ईमेल पता लिखें, जैसे name@example.com।',
    contactThanks: 'धन्यवाद। हम आपको {email} पर जवाब देंगे।',
  },
};
