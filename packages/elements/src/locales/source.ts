import { str } from '@lit/localize';
import { msg } from './source-msg.js';

/**
 * Every user-visible string of every element, in the source language, French. `lit-localize extract`
 * reads the `msg()` calls here into `packages/elements/xliff/{en,de}.xlf` for translators, and
 * `lit-localize build` turns the translated XLIFF into `generated/{en,de}.ts` (runtime mode); see
 * `index.ts` for how an element picks its language.
 *
 * Rules the catalogue test holds: the id is the key (`key.category` for plural forms); a message
 * takes only strings, each used once and in parameter order, so a translation can be filled from the
 * same arguments; a phrase with a count has one entry per CLDR plural category the three languages use.
 */
export const source = {
  threadHeading: () => msg(`Conversation`, { id: 'threadHeading' }),
  threadLabel: (object: string) => msg(str`Conversation sur ${object}`, { id: 'threadLabel' }),
  loading: () => msg(`Chargement de la conversation…`, { id: 'loading' }),
  empty: () => msg(`Aucun message pour l’instant. Lancez la conversation sur cet enregistrement.`, { id: 'empty' }),
  noObject: () => msg(`Aucun enregistrement sélectionné : cette conversation n’a ni object-type ni object-id.`, { id: 'noObject' }),
  noClient: () => msg(`Non connecté : appelez configure({ adapter }) ou placez cet élément dans <rse-provider>.`, { id: 'noClient' }),
  loadError: (reason: string) => msg(str`La conversation n’a pas pu être chargée : ${reason}`, { id: 'loadError' }),
  retry: () => msg(`Réessayer`, { id: 'retry' }),
  loadOlder: () => msg(`Afficher les messages précédents`, { id: 'loadOlder' }),
  loadingOlder: () => msg(`Chargement des messages précédents…`, { id: 'loadingOlder' }),
  reply: () => msg(`Répondre`, { id: 'reply' }),
  replyTo: (name: string) => msg(str`Répondre à ${name}`, { id: 'replyTo' }),
  replyingTo: (name: string) => msg(str`Réponse à ${name}`, { id: 'replyingTo' }),
  cancelReply: () => msg(`Annuler la réponse`, { id: 'cancelReply' }),
  repliesLabel: (name: string) => msg(str`Réponses à ${name}`, { id: 'repliesLabel' }),
  composerLabel: () => msg(`Écrire un message`, { id: 'composerLabel' }),
  composerPlaceholder: () => msg(`Écrire un message… @ pour mentionner, # pour un sujet`, { id: 'composerPlaceholder' }),
  mentionNoAccess: (names: string) => msg(str`${names} ne peut pas ouvrir cet enregistrement et ne verra pas votre message.`, { id: 'mentionNoAccess' }),
  waitingForNetwork: () => msg(`En attente de la connexion… il partira dès que le serveur sera de retour.`, { id: 'waitingForNetwork' }),
  notSent: (reason: string) => msg(str`Non envoyé : ${reason}`, { id: 'notSent' }),
  editMessage: () => msg(`Modifier`, { id: 'editMessage' }),
  discardMessage: () => msg(`Abandonner`, { id: 'discardMessage' }),
  composerHint: () => msg(`Ctrl+Entrée pour envoyer`, { id: 'composerHint' }),
  send: () => msg(`Envoyer`, { id: 'send' }),
  sending: () => msg(`Envoi…`, { id: 'sending' }),
  sendError: (reason: string) => msg(str`Votre message n’a pas été envoyé : ${reason} Votre texte est conservé ; réessayez.`, { id: 'sendError' }),
  tooLong: (max: string) => msg(str`Ce message est trop long : ${max} caractères au maximum.`, { id: 'tooLong' }),
  charactersLeft: (count: string) => msg(str`${count} caractères restants`, { id: 'charactersLeft' }),
  newMessage: (name: string) => msg(str`Nouveau message de ${name}`, { id: 'newMessage' }),
  live: () => msg(`En direct`, { id: 'live' }),
  offline: () => msg(`Hors ligne : les nouveaux messages apparaîtront au retour de la connexion.`, { id: 'offline' }),
  edited: () => msg(`modifié`, { id: 'edited' }),
  messageCount: {
    one: (n: string) => msg(str`${n} message`, { id: 'messageCount.one' }),
    other: (n: string) => msg(str`${n} messages`, { id: 'messageCount.other' }),
  },
  errorNotFound: () => msg(`Cet enregistrement n’existe pas ou vous ne pouvez pas l’ouvrir.`, { id: 'errorNotFound' }),
  errorNetwork: () => msg(`Le serveur est injoignable.`, { id: 'errorNetwork' }),
  errorUnauthenticated: () => msg(`Votre session a expiré ; reconnectez-vous.`, { id: 'errorUnauthenticated' }),
  errorForbidden: () => msg(`Vous n’êtes pas autorisé à faire cela.`, { id: 'errorForbidden' }),
  errorInvalid: () => msg(`Le serveur a refusé la demande.`, { id: 'errorInvalid' }),
  errorInternal: () => msg(`Le serveur a rencontré une erreur.`, { id: 'errorInternal' }),
  externalLink: () => msg(`s’ouvre dans une nouvelle fenêtre`, { id: 'externalLink' }),
  objectReference: (type: string, id: string) => msg(str`${type} ${id}`, { id: 'objectReference' }),

  // <rse-share-button> et sa fenêtre de partage.
  share: () => msg(`Partager`, { id: 'share' }),
  shareObject: (title: string) => msg(str`Partager ${title}`, { id: 'shareObject' }),
  shareNoObject: () => msg(`Rien à partager : ce bouton n’a ni object-type ni object-id.`, { id: 'shareNoObject' }),
  shareCardLoading: () => msg(`Chargement de l’enregistrement…`, { id: 'shareCardLoading' }),
  shareMessageLabel: () => msg(`Message`, { id: 'shareMessageLabel' }),
  shareMessagePlaceholder: () => msg(`Que doivent savoir vos collègues ? Tapez @ pour mentionner quelqu’un.`, { id: 'shareMessagePlaceholder' }),
  shareAudience: () => msg(`Destinataires`, { id: 'shareAudience' }),
  shareFeeds: () => msg(`Fils`, { id: 'shareFeeds' }),
  shareFeedsLoading: () => msg(`Chargement de vos fils…`, { id: 'shareFeedsLoading' }),
  shareNoFeeds: () => msg(`Vous n’êtes encore membre d’aucun fil.`, { id: 'shareNoFeeds' }),
  shareFeedsError: (reason: string) => msg(str`Vos fils n’ont pas pu être chargés : ${reason}`, { id: 'shareFeedsError' }),
  sharePeople: () => msg(`Personnes`, { id: 'sharePeople' }),
  shareAddPeople: () => msg(`Ajouter des personnes`, { id: 'shareAddPeople' }),
  shareAddPeoplePlaceholder: () => msg(`Rechercher par nom`, { id: 'shareAddPeoplePlaceholder' }),
  shareRemovePerson: (name: string) => msg(str`Retirer ${name}`, { id: 'shareRemovePerson' }),
  shareKind: () => msg(`Type`, { id: 'shareKind' }),
  shareSeverity: () => msg(`Gravité`, { id: 'shareSeverity' }),
  shareHint: () => msg(`Écrivez un message et choisissez au moins un fil ou une personne.`, { id: 'shareHint' }),
  shareCancel: () => msg(`Annuler`, { id: 'shareCancel' }),
  shareError: (reason: string) => msg(str`Non partagé : ${reason} Votre message est conservé ; réessayez.`, { id: 'shareError' }),
  shareDone: (title: string) => msg(str`${title} partagé.`, { id: 'shareDone' }),
  intentInformation: () => msg(`Information`, { id: 'intentInformation' }),
  intentRequest: () => msg(`Demande`, { id: 'intentRequest' }),
  intentAlert: () => msg(`Alerte`, { id: 'intentAlert' }),
  severityInfo: () => msg(`Info`, { id: 'severityInfo' }),
  severityWarning: () => msg(`Avertissement`, { id: 'severityWarning' }),
  severityCritical: () => msg(`Critique`, { id: 'severityCritical' }),

  // Suggestions de mentions (MentionController).
  mentionListLabel: () => msg(`Personnes`, { id: 'mentionListLabel' }),
  mentionResults: {
    one: (n: string) => msg(str`${n} personne trouvée`, { id: 'mentionResults.one' }),
    other: (n: string) => msg(str`${n} personnes trouvées`, { id: 'mentionResults.other' }),
  },
  mentionNoResults: () => msg(`Aucune personne trouvée`, { id: 'mentionNoResults' }),
  mentionSearchError: () => msg(`La recherche de personnes est indisponible pour le moment.`, { id: 'mentionSearchError' }),

  // <rse-feed>.
  feedHeading: () => msg(`Partagé avec vous`, { id: 'feedHeading' }),
  feedFilters: () => msg(`Afficher`, { id: 'feedFilters' }),
  feedFilterAll: () => msg(`Tout`, { id: 'feedFilterAll' }),
  feedFilterRequests: () => msg(`Demandes`, { id: 'feedFilterRequests' }),
  feedFilterAlerts: () => msg(`Alertes`, { id: 'feedFilterAlerts' }),
  feedFilterHashtag: (tag: string) => msg(str`Afficher seulement #${tag}`, { id: 'feedFilterHashtag' }),
  feedClearHashtag: (tag: string) => msg(str`Retirer le filtre #${tag}`, { id: 'feedClearHashtag' }),
  feedLoading: () => msg(`Chargement du fil…`, { id: 'feedLoading' }),
  feedEmpty: () => msg(`Rien n’a encore été partagé`, { id: 'feedEmpty' }),
  feedEmptyFiltered: () => msg(`Rien ne correspond à ces filtres.`, { id: 'feedEmptyFiltered' }),
  feedLoadError: (reason: string) => msg(str`Le fil n’a pas pu être chargé : ${reason}`, { id: 'feedLoadError' }),
  feedNotFound: () => msg(`Ce fil n’existe pas ou vous n’en êtes pas membre.`, { id: 'feedNotFound' }),
  feedNew: {
    one: (n: string) => msg(str`${n} nouveau`, { id: 'feedNew.one' }),
    other: (n: string) => msg(str`${n} nouveaux`, { id: 'feedNew.other' }),
  },
  feedNewAnnouncement: {
    one: (n: string) => msg(str`${n} nouvel élément`, { id: 'feedNewAnnouncement.one' }),
    other: (n: string) => msg(str`${n} nouveaux éléments`, { id: 'feedNewAnnouncement.other' }),
  },
  feedShowOlder: () => msg(`Afficher les plus anciens`, { id: 'feedShowOlder' }),
  feedLoadingOlder: () => msg(`Chargement des éléments plus anciens…`, { id: 'feedLoadingOlder' }),
  feedSystemEvent: () => msg(`Événement ERP`, { id: 'feedSystemEvent' }),
  feedSharedWith: (audience: string) => msg(str`Partagé avec ${audience}`, { id: 'feedSharedWith' }),
  feedAlert: (severity: string) => msg(str`Alerte · ${severity}`, { id: 'feedAlert' }),

  // <rse-object-badge>.
  badgeComments: {
    one: (n: string) => msg(str`${n} commentaire`, { id: 'badgeComments.one' }),
    other: (n: string) => msg(str`${n} commentaires`, { id: 'badgeComments.other' }),
  },
  badgeUnread: {
    one: (n: string) => msg(str`${n} non lu`, { id: 'badgeUnread.one' }),
    other: (n: string) => msg(str`${n} non lus`, { id: 'badgeUnread.other' }),
  },
  badgeLabel: (comments: string, unread: string) => msg(str`${comments}, ${unread}`, { id: 'badgeLabel' }),
  badgeLabelFor: (title: string, label: string) => msg(str`${title} : ${label}`, { id: 'badgeLabelFor' }),
  badgeLoading: () => msg(`Chargement des commentaires…`, { id: 'badgeLoading' }),
  badgeUnavailable: () => msg(`Commentaires indisponibles`, { id: 'badgeUnavailable' }),
  badgeNoObject: () => msg(`Aucun enregistrement`, { id: 'badgeNoObject' }),

  // <rse-object-thread> : partages, événements ERP et filtre.
  threadFilter: () => msg(`Afficher`, { id: 'threadFilter' }),
  threadFilterAll: () => msg(`Tout`, { id: 'threadFilterAll' }),
  threadFilterConversation: () => msg(`Conversation`, { id: 'threadFilterConversation' }),
  threadFilterSystem: () => msg(`Événements système`, { id: 'threadFilterSystem' }),
  threadEmptyConversation: () => msg(`Aucun commentaire ni partage pour l’instant, seulement des événements système.`, { id: 'threadEmptyConversation' }),
  threadEmptySystem: () => msg(`Aucun événement système pour cet enregistrement.`, { id: 'threadEmptySystem' }),
  threadSystemEvent: () => msg(`Événement ERP`, { id: 'threadSystemEvent' }),
  threadSharedWith: (audience: string) => msg(str`Partagé avec ${audience}`, { id: 'threadSharedWith' }),
  threadIntentSeverity: (intent: string, severity: string) => msg(str`${intent} · ${severity}`, { id: 'threadIntentSeverity' }),
};
