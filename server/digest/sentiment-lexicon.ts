import type { Language } from './stop-words.ts';

/**
 * Word lists for the lexicon-based sentiment of comments. Space-separated, lower case, NFC.
 * `stem|a|b` stands for stem, stema and stemb, so inflected adjectives need no repeated stem
 * (`gut|e|en` → gut, gute, guten); the bare stem is then a word too, which is harmless where it
 * is not one. Only evaluative words belong here: things people report (bug, crash, error) are
 * left out because sentiment words never become themes, and those are themes.
 */
export interface LexiconSource {
  positive: string;
  negative: string;
  /** Strengthen the next word by half: "very slow". */
  intensifiers: string;
  /** Flip a sentiment word up to three words after them: "not good", "no funciona". */
  negators: string;
  /** Flip a sentiment word up to two words before them: "funktioniert nicht", "marche pas". */
  postNegators: string;
  /** End a negation's reach besides punctuation: "not cheap, but great". */
  scopeEnds: string;
}

export const LEXICONS: Record<Language, LexiconSource> = {
  en: {
    positive: `good great excellent amazing awesome fantastic wonderful brilliant superb outstanding
      perfect perfectly nice lovely beautiful love loved loves loving enjoy enjoyed happy glad
      pleased satisfied helpful friendly easy easily simple fast quick quickly smooth smoothly
      intuitive reliable responsive convenient useful handy impressive cool fine best better
      recommend recommended work works worked working`,
    negative: `bad badly terrible awful horrible poor poorly worse worst hate hated hates broken slow
      slowly sluggish laggy buggy clunky confusing confused complicated unclear difficult hard
      impossible unusable useless ugly annoying annoyed frustrating frustrated fail fails failed
      failing unable wrong missing lost stuck expensive overpriced rude unhelpful unfriendly
      disappointed disappointing unhappy angry unfortunately sadly painful awkward cluttered
      outdated unreliable ridiculous unacceptable sucks waste`,
    intensifiers: 'very really so extremely super incredibly totally absolutely truly highly too',
    negators: `not no never t cannot dont doesnt didnt isnt wasnt arent cant wont nothing nobody none
      nor without hardly barely`,
    postNegators: '',
    scopeEnds: 'but however although though yet whereas and or',
  },
  de: {
    positive: `gut|e|en|er|es|em toll|e|en|er|es super prima klasse spitze perfekt|e|en|er|es
      schnell|e|en|er|es hilfreich|e|en|er|es freundlich|e|en|er|es nett|e|en|er|es zufrieden
      gefällt gefallen mag funktioniert funktionieren klappt praktisch|e|en|er|es
      übersichtlich|e|en|er|es schön|e|en|er|es genial|e|en|er|es hervorragend|e|en|er|es
      ausgezeichnet|e|en|er|es großartig|e|en|er|es wunderbar|e|en|er|es fantastisch|e|en|er|es
      besser|e|en|er|es beste|n|r|s angenehm|e|en|er|es zuverlässig|e|en|er|es
      intuitiv|e|en|er|es kompetent|e|en|er|es reibungslos empfehle empfehlenswert`,
    negative: `schlecht|e|en|er|es langsam|e|en|er|es lahm|e|en kaputt defekt|e|en
      fehlerhaft|e|en|er|es schrecklich|e|en|er|es furchtbar|e|en|er|es nervig|e|en|er|es
      umständlich|e|en|er|es kompliziert|e|en|er|es unübersichtlich|e|en|er|es
      verwirrend|e|en|er|es ärgerlich|e|en|er|es enttäuscht|e|en enttäuschend|e|en|er|es
      nutzlos|e|en|er|es unbrauchbar|e|en|er|es teuer teure|n|r|s unmöglich|e|en|er|es
      schwierig|e|en|er|es unfreundlich|e|en|er|es hässlich|e|en|er|es mies|e|en|er|es
      katastrophal|e|en|er|es falsch|e|en|er|es mangelhaft|e|en|er|es fehlt fehlen leider schade`,
    intensifiers: 'sehr wirklich total extrem echt richtig ziemlich so absolut mega besonders zu äußerst',
    negators: 'nicht kein keine keinen keinem keiner keines nie niemals nichts ohne kaum',
    postNegators: 'nicht nie niemals',
    scopeEnds: 'aber doch jedoch sondern obwohl und oder',
  },
  fr: {
    // No "terrible": "pas terrible" means mediocre, which negation would turn positive.
    positive: `bon|ne|s|nes bien super génial|e|es géniaux excellent|e|s|es parfait|e|s|es parfaitement
      rapide|s rapidement facile|s facilement simple|s pratique|s agréable|s efficace|s top
      clair|e|s|es intuitif|s intuitive|s beau beaux belle|s sympa aimable|s adore aime
      fonctionne|nt marche|nt merveilleux réactif|s réactive|s utile|s content|e|s|es
      satisfait|e|s|es recommande meilleur|e|s|es impeccable|s fiable|s formidable|s magnifique|s
      fluide|s`,
    negative: `mauvais|e|es nul|le|s|les lent|e|s|es lentement horrible|s cassé|e|s|es
      compliqué|e|s|es difficile|s impossible|s inutile|s dommage décevant|e|s|es déçu|e|s|es
      pénible|s bloqué|e|s|es frustrant|e|s|es énervant|e|s|es catastrophique|s confus|e|es
      manque|nt pire|s malheureusement médiocre|s inadmissible|s incompréhensible|s galère`,
    intensifiers: 'très vraiment trop extrêmement tellement si hyper vachement complètement totalement absolument',
    negators: 'ne n pas jamais rien aucun aucune sans ni guère',
    postNegators: 'pas jamais',
    scopeEnds: 'mais cependant pourtant toutefois et ou',
  },
  es: {
    positive: `buen|o|a|os|as bien excelente|s genial|es perfect|o|a|os|as perfectamente rápid|o|a|os|as
      rápidamente fácil|es fácilmente útil|es encanta|n encantó gusta|n gustó amable|s
      increíble|s maravillos|o|a|os|as fantástic|o|a|os|as estupend|o|a|os|as funciona|n
      mejor|es intuitiv|o|a|os|as cómod|o|a|os|as práctic|o|a|os|as satisfech|o|a|os|as
      content|o|a|os|as fiable|s recomiendo`,
    negative: `mal mal|o|a|os|as terrible|s horrible|s pésim|o|a|os|as peor|es lent|o|a|os|as lentitud
      rot|o|a|os|as difícil|es imposible|s confus|o|a|os|as inútil|es complicad|o|a|os|as
      decepcionad|o|a|os|as decepcionante|s molest|o|a|os|as frustrante|s falla|n falló
      feo fea feos feas fatal|es odio lamentablemente desgraciadamente`,
    intensifiers: 'muy realmente demasiado tan bastante sumamente extremadamente totalmente increíblemente',
    negators: 'no nunca jamás nada ni sin tampoco ningún ninguna ninguno nadie',
    postNegators: '',
    scopeEnds: 'pero sino aunque y o',
  },
  it: {
    positive: `buon|o|a|i|e bene ottim|o|a|i|e perfett|o|a|i|e perfettamente fantastic|o|a|i|he
      veloc|e|i velocemente facil|e|i utile utili comod|o|a|i|e bell|o|a|i|e chiar|o|a|i|e
      funziona|no piace piacciono adoro gentil|e|i eccellent|e|i miglior|e|i meglio
      soddisfatt|o|a|i|e intuitiv|o|a|i|e semplic|e|i fluid|o|a|i|e affidabil|e|i`,
    negative: `brutt|o|a|i|e cattiv|o|a|i|e lent|o|a|i|e terribil|e|i orribil|e|i rott|o|a|i|e
      difficil|e|i impossibil|e|i inutil|e|i pessim|o|a|i|e peggio peggior|e|i complicat|o|a|i|e
      delus|o|a|i|e deludent|e|i fastidios|o|a|i|e scomod|o|a|i|e confus|o|a|i|e
      bloccat|o|a|i|e manca|no purtroppo`,
    intensifiers: 'molto davvero troppo veramente proprio così tanto estremamente assolutamente parecchio',
    negators: 'non mai niente nulla senza nessun nessuno nessuna né neanche nemmeno',
    postNegators: '',
    scopeEnds: 'ma però tuttavia invece e ed o',
  },
  pt: {
    positive: `bom boa bons boas bem ótim|o|a|os|as otim|o|a|os|as excelente|s perfeit|o|a|os|as
      rápid|o|a|os|as fácil fáceis útil úteis gosto gostei adoro adorei amo amei funciona|m
      lind|o|a|os|as incrível incríveis maravilhos|o|a|os|as melhor|es simpátic|o|a|os|as
      prátic|o|a|os|as intuitiv|o|a|os|as satisfeit|o|a|os|as eficiente|s`,
    negative: `ruim ruins mau má péssim|o|a|os|as horrível horríveis terrível terríveis lent|o|a|os|as
      quebrad|o|a|os|as difícil difíceis impossível impossíveis inútil inúteis pior|es
      complicad|o|a|os|as confus|o|a|os|as decepcionad|o|a|os|as decepcionante|s chat|o|a|os|as
      travad|o|a|os|as falha|m infelizmente`,
    intensifiers: 'muito muita realmente bastante tão extremamente totalmente demasiado',
    negators: 'não nao nunca jamais nada nem sem nenhum nenhuma ninguém',
    postNegators: '',
    scopeEnds: 'mas porém contudo entretanto e ou',
  },
  nl: {
    positive: `goed|e fijn|e prima top super geweldig|e perfect|e snel|le handig|e makkelijk|e
      gemakkelijk|e duidelijk|e vriendelijk|e mooi|e leuk|e werkt uitstekend|e tevreden
      behulpzaam behulpzame aanrader beter|e beste fantastisch|e overzichtelijk|e soepel
      betrouwbaar betrouwbare`,
    negative: `slecht|e|er slechtste traag trage langzaam langzame kapot|te lastig|e moeilijk|e
      onduidelijk|e vervelend|e irritant|e verwarrend|e onmogelijk|e nutteloos nutteloze
      teleurgesteld|e teleurstellend|e duur dure omslachtig|e onhandig|e waardeloos waardeloze
      ingewikkeld|e onvriendelijk|e onoverzichtelijk|e jammer helaas`,
    intensifiers: 'heel erg zeer echt enorm zo ontzettend bijzonder te hartstikke',
    negators: 'niet geen nooit niets zonder nergens niemand',
    postNegators: 'niet nooit',
    scopeEnds: 'maar echter hoewel en of',
  },
};
