/**
 * Words that never make a theme, per language: function words, plus the filler of feedback
 * ("please add", "would be nice") that would otherwise top every digest. Lower case, NFC.
 * Apostrophes split words ("don't" → don, t; "l'application" → l, application), so the pieces
 * of contractions and elisions are listed too. The keys are the languages Heed knows; any other
 * language is handled without a list (see themes.ts).
 */
export const STOP_WORDS = {
  en: `a about above after again against ago all almost also am an and another any anyone anything
    are aren as at be because been before being below between both but by can could couldn d did
    didn do does doesn doing don done down during each either else etc even ever every everyone
    everything few for from further get gets getting go goes going gone got had hadn has hasn have
    haven having he her here hers herself hi him himself his how i if im in into is isn it its
    itself ive just let ll lot lots m many may me might more most much must my myself new now of off
    ok okay on once one only or other others our ours ourselves out over own per put re s same say
    says see seems shall she should shouldn since some something still such t than that the their
    theirs them themselves then there these they thing things this those through thus to too under
    until up upon us ve via was wasn way we were weren what whatever when where whether which while
    who whom whose why will with won would wouldn yes yet you your yours yourself yourselves
    please thanks thank thx add added adding want wanted wants need needs needed wish like make
    makes made use used using able also keep keeps kept try tried trying think know let lets
    hello hey guys anyway maybe`,
  de: `ab aber alle allem allen aller alles als also am an ander andere anderen anderer anderes auch
    auf aus bei beim bin bis bist bitte da dabei dadurch dafür damit dann darauf darf das dass davon
    dazu dein deine deinem deinen deiner dem den denn der deren des dessen deshalb die dies diese
    diesem diesen dieser dieses doch dort du durch ein eine einem einen einer eines einfach einmal er
    es etwas euch euer eure für gab ganz gar gegen gerade gern gerne gewesen gibt geht habe haben
    hab hat hatte hätte hätten heute hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer
    im immer in ins ist ja jede jedem jeden jeder jedes jetzt kann kannst können könnt könnte
    könnten man mal mehr mein meine meinem meinen meiner mich mir mit muss müssen musste nach
    nachdem neben noch nun nur ob oder sehr sein seine seinem seinen seiner seit selbst sich sie
    sind so soll sollen sollte sollten sonst um und uns unser unsere unter viel viele vom von vor
    war wäre wären waren warum was weil weiter welche welchen welcher wenn wer werde werden wie
    wieder will wir wird wirklich wo wohl wollen würde würden zu zum zur zwar zwischen über
    danke dank hallo hinzufügen einbauen möchte möchten wünsche wünschen schon`,
  fr: `a ai aie ainsi alors as au aucun aucune aujourd auprès aussi autre autres aux avait avant
    avec avez avoir avons c car ce ceci cela celle celles celui cependant ces cet cette ceux chaque
    chez comme comment d dans de depuis des donc dont du elle elles en encore entre est et étaient
    était été être eu eux fait faire fais faut fois hui il ils j je jusqu l la là le les leur leurs
    lui m ma mais me même mes moi moins mon n ne ni nos notre nous on ont ou où par parce pas peu
    peut peuvent plus pour pourquoi puis qu quand que quel quelle quelles quels qui s sa sans se
    sera ses si sien son sont sous suis sur t ta te tes toi ton tous tout toute toutes très tu un
    une vos votre vous y ça ici déjà toujours
    merci svp stp bonjour ajouter voudrais voudrions aimerais aimerions pourriez pouvez pourrait
    faudrait besoin mettre`,
  es: `a al algo algunos alguna algunas alguno ante antes aquí así como con contra cual cuál cuando
    de del desde donde durante e el él ella ellas ellos en entre era eres es esa esas ese eso esos
    esta está están estaba estar estas este esto estos estoy fue fueron ha había han hasta hay he
    hemos hace hacer la las le les lo los me mi mis mucho muchos más ni no nos nosotros o os otra
    otras otro otros para pero poco por porque pues que qué quien se ser si sí sido sin sobre solo
    sólo son su sus también tan te tengo tener tiene tienen todo todos tu tú tus u un una uno unos
    unas vez y ya yo
    gracias favor hola añadir agregar quiero quisiera quisiéramos gustaría podrían pueden puede
    necesito`,
  it: `a ad agli ai al all alla alle allo anche ancora avere aveva c che chi ci come con cosa così
    cui d da dal dall dalla dalle dei del dell della delle dello di dopo e è ed era essere fa fare
    gli ha hanno ho i il in io l la le lei li lo loro lui ma mi mia mie miei mio ne nei nel nell
    nella nelle noi o per perché più poi può qua quando quel quella quelle quelli quello quest
    questa queste questi questo se si sia siamo sono sta stato su sua sue sui sul sull sulla suo
    suoi ti tra tu tutti tutto un una uno vi voi già sempre solo
    grazie favore ciao aggiungere vorrei vorremmo potete potreste serve bisogno`,
  pt: `a à ao aos as às até com como da das de dela dele deles do dos e é ela elas ele eles em
    entre era essa essas esse esses esta está estão estas este estes eu foi for há isso isto já
    lhe lhes mais mas me mesmo meu minha meus minhas muito na nas no nos num numa o os ou para pela
    pelas pelo pelos por porque pra que se ser seu seus sua suas são só também tem têm ter tu um
    uma umas uns você vocês vou ainda sempre aqui quando
    obrigado obrigada favor olá adicionar gostaria gostaríamos quero queria poderiam podem pode
    precisa preciso`,
  nl: `aan al alle alles als altijd ben bij dan dat de der deze die dit doch doen door dus een eens
    en er ge geweest haar had heb hebben heeft hem het hier hij hoe hun ik in is ja je jij jou
    jouw jullie kan kon kunnen maar me meer men met mij mijn moet moeten na naar nog nu of om omdat
    onder ons onze ook op over s t te tegen toch toen tot u uit uw van veel voor waar wanneer want
    waren was wat we wel werd wie wij wil willen word wordt worden zal ze zei zelf zich zij zijn zo
    zou zouden
    graag alstublieft alsjeblieft aub bedankt dank dankjewel hallo toevoegen even gewoon`,
} as const satisfies Record<string, string>;

/** A language Heed has word lists for. */
export type Language = keyof typeof STOP_WORDS;
